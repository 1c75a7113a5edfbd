"""reader/ui/library"""
