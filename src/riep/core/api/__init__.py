"""How every capability's JSON API behaves: authentication and the role check before the body (`auth`), the one
error schema and its handlers (`errors`), and bounded number types that fit their columns (`types`).

Capabilities declare their routes on `auth.Router` in their own `api.py`; `riep.api` mounts them under /api/v1/.
Core knows nothing of API tokens: the accounts app registers how a bearer token finds its owner
(`auth.authenticate_tokens_with`).
"""
