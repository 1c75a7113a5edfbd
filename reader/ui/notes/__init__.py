"""reader/ui/notes"""
