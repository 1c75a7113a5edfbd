"""reader/ui/app"""
