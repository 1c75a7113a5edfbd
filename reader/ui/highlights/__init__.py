"""reader/ui/highlights"""
