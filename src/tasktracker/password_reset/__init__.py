"""Password reset by email: a domain package of its own rather than a part of `users` or `auth`.

It has a table and a life cycle of its own (a token asked for, emailed, used once or expired)
and uses both neighbours only through their services and queries: the user's password (users)
and their sessions (auth), plus an email through the outbox (notifications). Inside `users` or
`auth` it would be the one flow there that no signed-in caller takes.
"""
