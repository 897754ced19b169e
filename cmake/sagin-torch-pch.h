// Precompiled header of libsagin-torch and its tests: LibTorch, whose headers take seconds to
// compile, once for all of them.
#include <torch/script.h>
#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>
