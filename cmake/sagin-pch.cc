// Compiles the precompiled header of the standalone build (cmake/sagin-pch.h).
