"""Perception: what a trainee's turn means, by meaning, in English and Chinese.

Each sentence gets dialogue acts (scoring/perception/labels.yaml) from small trained heads on a
multilingual sentence encoder, and topics (objections, reveals, facts) by similarity to what the
content describes. The persona, the scorer, compliance and the recommender all read its output.
"""
