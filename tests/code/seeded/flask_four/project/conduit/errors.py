class ServiceError(Exception):
    status_code = 422

    def __init__(self, message, status_code=None):
        super().__init__(message)
        self.message = message
        if status_code is not None:
            self.status_code = status_code

    def to_dict(self):
        return {"errors": {"body": [self.message]}}


class NotFoundError(ServiceError):
    status_code = 404


class AuthError(ServiceError):
    status_code = 401
