"""reader/core/importing/html"""
