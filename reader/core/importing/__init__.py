"""reader/core/importing"""
