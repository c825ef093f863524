namespace SharpTune.Benchmarks;

/// <summary>One benchmark, run as `dotnet run -c Release --project benchmarks/SharpTune.Benchmarks -- NAME [args]`.</summary>
internal interface IBenchmark
{
    string Name { get; }
    string Description { get; }
    int Run(string[] args);
}
