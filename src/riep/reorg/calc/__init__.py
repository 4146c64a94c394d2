"""Pure maths of structural change: council tax harmonisation, payback and NPV of reorganisation options, the
range simulation and tornado, shared-service cost sharing, the planning capacity match and series continuity.
Dataclasses in, dataclasses out; no Django, no files. Bad input raises riep.core.errors.UserError naming the field.
"""
