using SharpTune.Benchmarks;

// Every IBenchmark in this assembly is discovered; the first argument picks one.
var all = typeof(IBenchmark).Assembly.GetTypes()
    .Where(t => typeof(IBenchmark).IsAssignableFrom(t) && t is { IsInterface: false, IsAbstract: false })
    .Select(t => (IBenchmark)Activator.CreateInstance(t)!)
    .OrderBy(b => b.Name, StringComparer.Ordinal)
    .ToList();
if (args.Length == 0 || all.All(b => b.Name != args[0]))
{
    Console.Error.WriteLine("usage: SharpTune.Benchmarks NAME [args]\n" + string.Join("\n", all.Select(b => $"  {b.Name,-24} {b.Description}")));
    return 2;
}
return all.First(b => b.Name == args[0]).Run(args[1..]);
