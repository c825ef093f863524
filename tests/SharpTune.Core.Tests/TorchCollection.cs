using System.Runtime.CompilerServices;
using SharpTune.Core.Native;

namespace SharpTune.Core.Tests;

/// <summary>Tests that touch global torch state (seeds, threads) run in this one non-parallel collection.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TorchCollection
{
    public const string Name = "torch";
}

internal static class TestModuleInit
{
#pragma warning disable CA2255 // a test assembly is an application entry point for this purpose
    [ModuleInitializer]
    internal static void Init() => LibTorchRuntime.EnsureLoaded();
#pragma warning restore CA2255
}
