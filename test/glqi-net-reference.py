#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Independent checks of GlqiNetModel with PyTorch and torchvision.

Usage:
  glqi-net-reference.py macs SIZE
      Prints the cumulative multiply-accumulates of torchvision's ConvNeXt-Tiny feature extractor
      on a 1x3xSIZExSIZE image after the stem and after each of the four stages (convolutions,
      depthwise included, and linear layers: output elements x inputs per output), one a line.
  glqi-net-reference.py rescale IN OUT ORDERED
      Loads the state dict IN with torch.load, prints its number of entries and the shape of
      stem.0.weight, doubles stem.0.weight and writes the result with torch.save as a dict to
      OUT and as an OrderedDict (what module.state_dict() returns) to ORDERED.
"""
import collections
import sys

import torch


def macs(size):
    import torchvision

    features = torchvision.models.convnext_tiny().features.eval()
    count = [0]

    def hook(module, inputs, output):
        if isinstance(module, torch.nn.Conv2d):
            per_output = module.weight.shape[1] * module.weight.shape[2] * module.weight.shape[3]
        else:
            per_output = module.in_features
        count[0] += output.numel() * per_output

    for module in features.modules():
        if isinstance(module, (torch.nn.Conv2d, torch.nn.Linear)):
            module.register_forward_hook(hook)
    x = torch.zeros(1, 3, size, size)
    with torch.no_grad():
        # features: 0 stem, 1 stage 1, 2 downsampling, 3 stage 2, 4, 5 stage 3, 6, 7 stage 4
        for index, layer in enumerate(features):
            x = layer(x)
            if index in (0, 1, 3, 5, 7):
                print(count[0])


def rescale(source, destination, ordered):
    state = torch.load(source)
    print(len(state))
    print(list(state["stem.0.weight"].shape))
    state["stem.0.weight"] = state["stem.0.weight"] * 2
    torch.save(dict(state), destination)
    torch.save(collections.OrderedDict(state), ordered)


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "macs":
        macs(int(sys.argv[2]))
    elif len(sys.argv) == 5 and sys.argv[1] == "rescale":
        rescale(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        sys.exit("usage: glqi-net-reference.py macs SIZE | rescale IN OUT ORDERED")


if __name__ == "__main__":
    main()
