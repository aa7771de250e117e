"""Complementary products mined from real orders ("frequently bought together")."""
