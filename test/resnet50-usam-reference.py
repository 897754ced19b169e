#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""An independent PyTorch implementation of ResNet50UsamModel, for the tests.

The backbone is torchvision's resnet50 (its conv1, bn1, layer1..4 have the same state-dict
names); USAM, the order of the parts and the bottleneck are written here from REFERENCE.md.

  resnet50-usam-reference.py forward WEIGHTS INPUT OUTPUT FLIP NORMALISE
      load WEIGHTS (torch.save of a dict, strict names), read the tensor 'input' of INPUT
      (N×3×S×S), write {'embedding': N×512, 'input': the input} to OUTPUT; FLIP and NORMALISE
      are 0 or 1.
  resnet50-usam-reference.py export WEIGHTS CLASSES SEED
      write random weights (non-trivial BatchNorm statistics) with torch.save(dict(...)).
"""

import sys

import torch
import torchvision


class Usam(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.bn = torch.nn.BatchNorm2d(1)

    def forward(self, x):
        m = x.sum(dim=1, keepdim=True)
        box = torch.nn.functional.conv2d(m, torch.ones(1, 1, 3, 3), padding=1)
        att = torch.relu(self.bn(9.0 * m - box))
        att[:, :, 0, :] = 0
        att[:, :, -1, :] = 0
        att[:, :, :, 0] = 0
        att[:, :, :, -1] = 0
        return x + att * x


class Model(torch.nn.Module):
    def __init__(self, classes):
        super().__init__()
        r = torchvision.models.resnet50()
        self.conv1, self.bn1 = r.conv1, r.bn1
        self.usam1, self.usam2 = Usam(), Usam()
        self.layer1, self.layer2, self.layer3, self.layer4 = r.layer1, r.layer2, r.layer3, r.layer4
        self.bottleneck = torch.nn.Sequential(
            torch.nn.Linear(2048, 512), torch.nn.BatchNorm1d(512), torch.nn.Dropout(0.5))
        self.classifier = torch.nn.Linear(512, classes)

    def embed(self, x):
        x = self.usam1(torch.relu(self.bn1(self.conv1(x))))
        x = self.usam2(self.layer1(torch.nn.functional.max_pool2d(x, 3, 2, 1)))
        x = self.layer4(self.layer3(self.layer2(x)))
        return self.bottleneck(x.mean(dim=(2, 3)))


def main():
    torch.set_grad_enabled(False)
    if sys.argv[1] == 'forward':
        weights, inp, out, flip, normalise = sys.argv[2:7]
        state = torch.load(weights)
        model = Model(state['classifier.weight'].shape[0])
        model.load_state_dict(state, strict=True)
        model.eval()
        x = torch.load(inp)['input']
        e = model.embed(x)
        if flip == '1':
            e = e + model.embed(torch.flip(x, dims=[3]))
        if normalise == '1':
            e = e / e.norm(dim=1, keepdim=True)
        # Two entries: LibTorch 1.13 cannot read a dict of one (pickle's SETITEM).
        torch.save({'embedding': e, 'input': x}, out)
    elif sys.argv[1] == 'export':
        weights, classes, seed = sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
        torch.manual_seed(seed)
        model = Model(classes)
        for name, t in model.state_dict().items():
            if name.endswith('running_mean') or name.endswith('bias'):
                t.copy_(0.1 * torch.randn(t.shape))
            elif name.endswith('running_var') or (name.endswith('weight') and t.dim() == 1):
                t.copy_(0.5 + torch.rand(t.shape))
            elif name.endswith('num_batches_tracked'):
                t.fill_(7)
        torch.save(dict(model.state_dict()), weights)
    else:
        sys.exit('unknown mode ' + sys.argv[1])


if __name__ == '__main__':
    main()
