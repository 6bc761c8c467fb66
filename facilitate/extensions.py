"""Extensions, created unbound and bound to an app in create_app(). The
SocketIO server is made per app in create_app(), so each test app has its own."""

from flask_babel import Babel
from flask_wtf import CSRFProtect

babel = Babel()
csrf = CSRFProtect()
