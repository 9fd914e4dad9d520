"""The plan: the model in the middle and reading it from a YAML file.

``model`` holds the plan and its buyer's view; ``loader`` reads a plan file
into it (``plan_file`` and ``yaml_tree`` parse the YAML with positions,
``fields``, ``references`` and ``schedule`` check values, links and dates);
``dates`` and ``codes`` are the plan's calendar arithmetic and task codes;
``logo_file`` reads the logos a plan names.
"""
