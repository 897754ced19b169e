# -*- Mode: python; py-indent-offset: 4; indent-tabs-mode: nil; coding: utf-8; -*-
# SPDX-License-Identifier: GPL-2.0-only
#
# sagin in a waf-based ns-3 tree (ns-3.35 and older): place this folder at contrib/sagin.
# It names the same files as CMakeLists.txt; test/sagin-build-test.cc fails when they disagree.

import os

SOURCES = [
    'helper/attribute-check.cc',
    'helper/base-station-helper.cc',
    'helper/constellation-helper.cc',
    'helper/convergence-table.cc',
    'helper/cvl-scenario-spec.cc',
    'helper/energy-helper.cc',
    'helper/program-options.cc',
    'helper/role-helper.cc',
    'helper/sagin-net-device-helper.cc',
    'helper/scenario-helper.cc',
    'helper/split-controller-helper.cc',
    'helper/uav-helper.cc',
    'helper/vehicle-helper.cc',
    'model/al-hourani-propagation-loss-model.cc',
    'model/association-manager.cc',
    'model/circular-orbit-mobility-model.cc',
    'model/compute-energy-model.cc',
    'model/convergence-plot.cc',
    'model/cvl-chunk-header.cc',
    'model/cvl-header.cc',
    'model/cvl-message-reader.cc',
    'model/cvl-monitor.cc',
    'model/device-profile.cc',
    'model/elevation-propagation-loss-model.cc',
    'model/fixed-split-controller.cc',
    'model/flow-transport.cc',
    'model/gaseous-attenuation.cc',
    'model/geo-frame.cc',
    'model/greedy-oracle-split-controller.cc',
    'model/ground-path-loss.cc',
    'model/image-similarity.cc',
    'model/learning-split-controller.cc',
    'model/link-budget.cc',
    'model/node-role.cc',
    'model/ntn-propagation-loss-model.cc',
    'model/orbit-mobility-model.cc',
    'model/q-learning-split-controller.cc',
    'model/radio-energy-model.cc',
    'model/random-split-controller.cc',
    'model/retrieval-metrics.cc',
    'model/sagin-channel.cc',
    'model/sagin-mac-header.cc',
    'model/sagin-net-device.cc',
    'model/seed-split-environment.cc',
    'model/sgp4-mobility-model.cc',
    'model/sgp4-propagator.cc',
    'model/spatial-index.cc',
    'model/split-controller.cc',
    'model/split-cost-model.cc',
    'model/trace-sink.cc',
    'model/tri-co-cost-model.cc',
    'model/two-line-element-set.cc',
]

HEADERS = [
    'helper/attribute-check.h',
    'helper/base-station-helper.h',
    'helper/constellation-helper.h',
    'helper/convergence-table.h',
    'helper/cvl-scenario-spec.h',
    'helper/energy-helper.h',
    'helper/program-options.h',
    'helper/role-helper.h',
    'helper/sagin-net-device-helper.h',
    'helper/scenario-helper.h',
    'helper/split-controller-helper.h',
    'helper/uav-helper.h',
    'helper/vehicle-helper.h',
    'model/al-hourani-propagation-loss-model.h',
    'model/association-manager.h',
    'model/circular-orbit-mobility-model.h',
    'model/compute-energy-model.h',
    'model/convergence-plot.h',
    'model/cvl-chunk-header.h',
    'model/cvl-header.h',
    'model/cvl-message-reader.h',
    'model/cvl-monitor.h',
    'model/cvl-records.h',
    'model/device-profile.h',
    'model/elevation-propagation-loss-model.h',
    'model/fixed-split-controller.h',
    'model/flow-transport.h',
    'model/gaseous-attenuation.h',
    'model/geo-frame.h',
    'model/greedy-oracle-split-controller.h',
    'model/ground-path-loss.h',
    'model/image-similarity.h',
    'model/learning-split-controller.h',
    'model/link-budget.h',
    'model/node-role.h',
    'model/ntn-propagation-loss-model.h',
    'model/orbit-mobility-model.h',
    'model/q-learning-split-controller.h',
    'model/radio-energy-model.h',
    'model/random-split-controller.h',
    'model/retrieval-metrics.h',
    'model/sagin-channel.h',
    'model/sagin-mac-header.h',
    'model/sagin-net-device.h',
    'model/seed-split-environment.h',
    'model/sgp4-mobility-model.h',
    'model/sgp4-propagator.h',
    'model/spatial-index.h',
    'model/split-controller.h',
    'model/split-cost-model.h',
    'model/split-observation.h',
    'model/trace-sink.h',
    'model/tri-co-cost-model.h',
    'model/two-line-element-set.h',
]

EXAMPLES = [
    'examples/sagin-custom-controller.cc',
    'examples/sagin-network.cc',
    'examples/sagin-seed-costs.cc',
]

TOOLS = [
    'tools/sagin-link-budget.cc',
    'tools/sagin-orbit.cc',
]

# Google Benchmark programs.
BENCHMARKS = [
    'benchmarks/sagin-bench.cc',
]

# Headers only sagin's own sources include (not installed).
PRIVATE_HEADERS = [
    'model/input-file.h',
]

TEST_SOURCES = [
    'test/sagin-association-test.cc',
    'test/sagin-attribute-check-test.cc',
    'test/sagin-build-test.cc',
    'test/sagin-channel-test.cc',
    'test/sagin-convergence-plot-test.cc',
    'test/sagin-cvl-header-test.cc',
    'test/sagin-cvl-scenario-spec-test.cc',
    'test/sagin-device-profile-test.cc',
    'test/sagin-energy-test.cc',
    'test/sagin-examples-test.cc',
    'test/sagin-flow-transport-test.cc',
    'test/sagin-geo-frame-test.cc',
    'test/sagin-image-similarity-test.cc',
    'test/sagin-learning-controller-test.cc',
    'test/sagin-link-budget-test.cc',
    'test/sagin-network-example-test.cc',
    'test/sagin-orbit-test.cc',
    'test/sagin-path-loss-test.cc',
    'test/sagin-retrieval-metrics-test.cc',
    'test/sagin-role-helpers-test.cc',
    'test/sagin-scenario-helper-test.cc',
    'test/sagin-sgp4-test.cc',
    'test/sagin-split-controller-test.cc',
    'test/sagin-test-utils.cc',
    'test/sagin-trace-sink-test.cc',
    'test/sagin-tri-co-cost-model-test.cc',
]

# Not compiled on their own; named so that both build descriptions list every file.
TEST_HEADERS = [
    'test/sagin-test-utils.h',
]

# LibTorch code (a library of its own in the standalone CMake build; part of the module here).
# Only these sources and TORCH_PRIVATE_HEADERS include LibTorch.
TORCH_SOURCES = [
    'helper/cvl-helper.cc',
    'helper/cvl-scenario.cc',
    'model/actor-critic-split-controller.cc',
    'model/closed-box-inversion.cc',
    'model/cvl-context.cc',
    'model/cvl-query-application.cc',
    'model/cvl-reference-application.cc',
    'model/cvl-server-application.cc',
    'model/dqn-split-controller.cc',
    'model/feature-codec.cc',
    'model/feature-tensor.cc',
    'model/glqi-net-model.cc',
    'model/image-folder-source.cc',
    'model/image-source.cc',
    'model/open-box-inversion.cc',
    'model/ppo-split-controller.cc',
    'model/resnet50-usam-model.cc',
    'model/split-model-trainer.cc',
    'model/split-model.cc',
    'model/synthetic-world.cc',
    'model/torch-agent.cc',
    'model/torch-script-model.cc',
    'model/torch-weights.cc',
]

TORCH_HEADERS = [
    'helper/cvl-helper.h',
    'helper/cvl-scenario.h',
    'model/actor-critic-split-controller.h',
    'model/closed-box-inversion.h',
    'model/cvl-context.h',
    'model/cvl-query-application.h',
    'model/cvl-reference-application.h',
    'model/cvl-server-application.h',
    'model/dqn-split-controller.h',
    'model/feature-codec.h',
    'model/feature-tensor.h',
    'model/glqi-net-model.h',
    'model/image-folder-source.h',
    'model/image-source.h',
    'model/open-box-inversion.h',
    'model/ppo-split-controller.h',
    'model/resnet50-usam-model.h',
    'model/split-model-trainer.h',
    'model/split-model.h',
    'model/synthetic-world.h',
    'model/torch-script-model.h',
]

TORCH_PRIVATE_HEADERS = [
    'model/feature-tensor-impl.h',
    'model/inversion-support.h',
    'model/layer-cost.h',
    'model/split-model-training.h',
    'model/torch-agent.h',
    'model/torch-weights.h',
    'model/usam.h',
]

TORCH_EXAMPLES = [
    'examples/sagin-cvl-script.cc',
    'examples/sagin-cvl.cc',
    'examples/sagin-rl-scenario.cc',
]

TORCH_TOOLS = [
    'tools/sagin-privacy.cc',
    'tools/sagin-retrieval-eval.cc',
    'tools/sagin-rl-compare.cc',
    'tools/sagin-scenario-check.cc',
    'tools/sagin-split-profile.cc',
    'tools/sagin-train.cc',
]

TORCH_BENCHMARKS = [
    'benchmarks/sagin-torch-bench.cc',
]

TORCH_TEST_SOURCES = [
    'test/sagin-cvl-test.cc',
    'test/sagin-feature-codec-test.cc',
    'test/sagin-feature-tensor-test.cc',
    'test/sagin-glqi-net-test.cc',
    'test/sagin-image-source-test.cc',
    'test/sagin-neural-controller-test.cc',
    'test/sagin-privacy-test.cc',
    'test/sagin-resnet50-usam-export-test.cc',
    'test/sagin-resnet50-usam-test.cc',
    'test/sagin-rl-compare-test.cc',
    'test/sagin-torch-script-test.cc',
    'test/sagin-train-test.cc',
]

NS3_MODULES = ['core', 'energy', 'internet', 'mobility', 'network', 'propagation']

# The examples, tools and tests also run applications; they write NetAnim files when the NetAnim
# module is enabled (it needs many other modules, so sagin does not ask for it).
PROGRAM_MODULES = ['applications']

# Debian bookworm's LibTorch has no pkg-config file: its libraries and include folders.
TORCH_LIBS = ['torch', 'torch_cpu', 'c10']
TORCH_INCLUDES = ['/usr/include', '/usr/include/torch/csrc/api/include']


def options(opt):
    pass


def configure(conf):
    conf.check_cxx(lib=TORCH_LIBS, includes=TORCH_INCLUDES, header_name='torch/torch.h',
                   uselib_store='SAGIN_TORCH', msg='Checking for LibTorch', mandatory=True)
    conf.check_cfg(package='eigen3', args=['--cflags'], uselib_store='SAGIN_EIGEN',
                   mandatory=True)
    conf.check_cfg(package='hdf5', args=['--cflags', '--libs'], uselib_store='SAGIN_HDF5',
                   mandatory=True)
    conf.check_cfg(package='libzstd', args=['--cflags', '--libs'], uselib_store='SAGIN_ZSTD',
                   mandatory=True)
    conf.check_cfg(package='nlohmann_json', args=['--cflags'], uselib_store='SAGIN_JSON',
                   mandatory=True)
    conf.check_cfg(package='stb', args=['--cflags', '--libs'], uselib_store='SAGIN_STB',
                   mandatory=True)
    conf.check_cxx(lib='boost_program_options', uselib_store='SAGIN_BOOST_PO',
                   msg='Checking for Boost.Program_options', mandatory=True)
    conf.env['SAGIN_BENCHMARK'] = conf.check_cxx(lib=['benchmark', 'pthread'],
                                                 header_name='benchmark/benchmark.h',
                                                 uselib_store='SAGIN_BENCHMARK', mandatory=False)
    conf.env['SAGIN_GTEST'] = conf.check_cxx(lib=['gtest', 'gtest_main', 'pthread'],
                                             header_name='gtest/gtest.h',
                                             uselib_store='SAGIN_GTEST', mandatory=False)


USES = ['SAGIN_TORCH', 'SAGIN_EIGEN', 'SAGIN_HDF5', 'SAGIN_ZSTD', 'SAGIN_JSON', 'SAGIN_BOOST_PO',
        'SAGIN_STB']


def build(bld):
    module = bld.create_ns3_module('sagin', NS3_MODULES)
    module.source = SOURCES + TORCH_SOURCES
    module.use.extend(USES)

    headers = bld(features='ns3header')
    headers.module = 'sagin'
    headers.source = HEADERS + TORCH_HEADERS

    program_modules = NS3_MODULES + PROGRAM_MODULES
    program_defines = []
    if 'ns3-netanim' in bld.env['NS3_ENABLED_MODULES']:
        program_modules = program_modules + ['netanim']
        program_defines = ['SAGIN_WITH_NETANIM']

    programs = TOOLS + TORCH_TOOLS
    if bld.env['ENABLE_EXAMPLES']:
        programs += EXAMPLES + TORCH_EXAMPLES
    for path in programs:
        name = os.path.splitext(os.path.basename(path))[0]
        program = bld.create_ns3_program(name, ['sagin'] + program_modules)
        program.source = path
        program.use.extend(USES)
        program.defines = program_defines

    if bld.env['SAGIN_BENCHMARK']:
        for path in BENCHMARKS + TORCH_BENCHMARKS:
            name = os.path.splitext(os.path.basename(path))[0]
            program = bld.create_ns3_program(name, ['sagin'] + program_modules)
            program.source = path
            program.use.extend(USES + ['SAGIN_BENCHMARK'])

    # The GoogleTest suite, as one program; run it from the top of the ns-3 tree.
    if bld.env['ENABLE_TESTS'] and bld.env['SAGIN_GTEST']:
        tests = bld.create_ns3_program('sagin-tests', ['sagin'] + program_modules)
        tests.source = TEST_SOURCES + TORCH_TEST_SOURCES
        tests.includes = ['test']
        tests.use.extend(USES + ['SAGIN_GTEST'])
        source_dir = bld.path.abspath()
        tests.defines = ['SAGIN_SOURCE_DIR="%s"' % source_dir,
                         'SAGIN_PROGRAM_DIR="%s"' % bld.path.get_bld().abspath(),
                         'SAGIN_PYTHON="/usr/bin/python3"']
