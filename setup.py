"""Build configuration beyond pyproject.toml: which packages and files the wheel holds, and the C audio
callback compiled when the wheel is built.

The wheel keeps the repo's package names (engine, models, ui) and adds the `grooveloom` package: the
command, the desktop integration, and the repo's resources/ shipped as grooveloom/resources (models,
icons, desktop files; not the README's screenshots)."""
from setuptools import Extension, find_packages, setup
from setuptools.command.build_ext import build_ext

RESOURCE_FILES = {
    "grooveloom.resources.models": ["*.json", "*.tflite", "*.keras", "*.txt"],
    "grooveloom.resources.icons": ["*.svg", "*.png"],
    "grooveloom.resources.desktop": ["*.in", "*.xml"],
    "grooveloom.resources.translations": ["*.ts", "*.qm"],
}


class OptionalBuildExt(build_ext):
    """The C callback is optional: without a C compiler the wheel still builds, and the player uses its
    Python callback (engine/native says why at run time)."""

    def build_extension(self, ext):
        try:
            super().build_extension(ext)
        except Exception as exc:      # (distutils raises CompileError, LinkError or OSError)
            self.warn(f"the C audio callback was not built ({exc}); GrooveLoom will use its Python callback")


setup(
    packages=find_packages(include=["engine", "engine.*", "models", "models.*", "ui", "ui.*",
                                    "grooveloom", "grooveloom.*"]) + list(RESOURCE_FILES),
    package_dir={"grooveloom.resources": "resources"},
    package_data={"engine.native": ["glaudio.c", "glstep.c"], **RESOURCE_FILES},
    ext_modules=[Extension("engine.native._glaudio", ["engine/native/glaudio.c", "engine/native/glstep.c"],
                           libraries=["m"], extra_compile_args=["-O2", "-std=c11", "-Wall"])],
    cmdclass={"build_ext": OptionalBuildExt},
)
