"""reader/core/storage"""
