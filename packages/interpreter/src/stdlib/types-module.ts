/** `types`, in Python: the type objects of builtin kinds, and `SimpleNamespace`. */
export const TYPES_SOURCE = `
import sys

ModuleType = type(sys)
FunctionType = type(lambda: None)
LambdaType = FunctionType
BuiltinFunctionType = type(len)
BuiltinMethodType = BuiltinFunctionType
CodeType = type(FunctionType.__code__) if False else None


def _generator():
    yield 1


GeneratorType = type(_generator())
del _generator


class SimpleNamespace:
    def __init__(self, **kwargs):
        for key, value in kwargs.items():
            setattr(self, key, value)

    def __repr__(self):
        items = ["%s=%r" % (k, v) for k, v in self.__dict__.items()]
        return "namespace(%s)" % ", ".join(items)

    def __eq__(self, other):
        return isinstance(other, SimpleNamespace) and self.__dict__ == other.__dict__
`;
