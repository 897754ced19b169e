# SPDX-License-Identifier: GPL-2.0-only
"""Reference files and figures for test/sagin-torch-script-test.cc (run with /usr/bin/python3).

  torch-script-reference.py modules DIR   write small TorchScript archives into DIR:
      small.pt           Sequential(conv 3->4 3x3 pad 1, bn, relu, flatten, linear 256->5), seed 3
      small-wide.pt      the same with 8 convolution channels (linear 512->5)
      small-state.pt     torch.save of small.pt's state dict (a zip file, not TorchScript)
      flatten-inside.pt  children conv, pool, fc whose forward flattens between pool and fc
      residual.pt        children conv, relu whose forward adds the input: relu(conv(x)) + x
      no-children.pt     a scripted ReLU
  torch-script-reference.py macs SIZE     print the multiply-accumulates of the convolutions and
      linear layers of torchvision's ResNet-50 on a 1x3xSIZExSIZE image, counted with forward
      hooks: output elements x (input channels / groups) x kernel area, output elements x inputs
"""

import os
import sys

import torch
from torch import nn


class FlattenInside(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3, padding=1)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(8, 5)

    def forward(self, x):
        return self.fc(torch.flatten(self.pool(self.conv(x)), 1))


class Residual(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 3, 1)
        self.relu = nn.ReLU()

    def forward(self, x):
        return self.relu(self.conv(x)) + x


def small(channels):
    torch.manual_seed(3)
    net = nn.Sequential(nn.Conv2d(3, channels, 3, padding=1), nn.BatchNorm2d(channels), nn.ReLU(),
                        nn.Flatten(1), nn.Linear(channels * 64, 5))
    return net.eval()


def modules(directory):
    archive = torch.jit.script(small(4))
    archive.save(os.path.join(directory, "small.pt"))
    torch.save(small(4).state_dict(), os.path.join(directory, "small-state.pt"))
    torch.jit.script(small(8)).save(os.path.join(directory, "small-wide.pt"))
    torch.jit.script(FlattenInside().eval()).save(os.path.join(directory, "flatten-inside.pt"))
    torch.jit.script(Residual().eval()).save(os.path.join(directory, "residual.pt"))
    torch.jit.script(nn.ReLU()).save(os.path.join(directory, "no-children.pt"))


def macs(size):
    import torchvision

    net = torchvision.models.resnet50(weights=None).eval()
    total = [0]

    def conv_hook(module, inputs, output):
        kernel = module.kernel_size[0] * module.kernel_size[1]
        total[0] += output.numel() * module.in_channels // module.groups * kernel

    def linear_hook(module, inputs, output):
        total[0] += output.numel() * module.in_features

    for module in net.modules():
        if isinstance(module, nn.Conv2d):
            module.register_forward_hook(conv_hook)
        elif isinstance(module, nn.Linear):
            module.register_forward_hook(linear_hook)
    with torch.no_grad():
        net(torch.zeros(1, 3, size, size))
    print(total[0])


if __name__ == "__main__":
    if sys.argv[1] == "modules":
        modules(sys.argv[2])
    else:
        macs(int(sys.argv[2]))
