"""reader/ui/reading"""
