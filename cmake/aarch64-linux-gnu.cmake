# Cross-compiling pylore for 64-bit ARM Linux on a Debian x86-64 machine, with Debian's
# cross compiler (gcc-aarch64-linux-gnu) and the arm64 -dev packages installed through
# multiarch (dpkg --add-architecture arm64; scripts/install-deps.sh --arm64 does both).
#   cmake -S . -B build-arm64 -DCMAKE_TOOLCHAIN_FILE=cmake/aarch64-linux-gnu.cmake
# Test programs run under qemu-user (qemu-user-static), which ctest uses as the emulator.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)
# pkg-config must describe the arm64 libraries, not the host's.
set(ENV{PKG_CONFIG_LIBDIR} /usr/lib/aarch64-linux-gnu/pkgconfig:/usr/share/pkgconfig)
set(ENV{PKG_CONFIG_PATH} "")
find_program(PYLORE_QEMU_AARCH64 NAMES qemu-aarch64-static qemu-aarch64)
if(PYLORE_QEMU_AARCH64)
  set(CMAKE_CROSSCOMPILING_EMULATOR ${PYLORE_QEMU_AARCH64})
endif()
