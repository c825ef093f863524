using System.CommandLine;
using System.ComponentModel;
using System.Reflection;
using SharpTune.Core.Configuration;

namespace SharpTune.Cli;

/// <summary>
/// A command that takes LLaMA-Factory-style arguments (CONFIG.yaml, key=value, --key value) bound to argument
/// records. Every record property becomes a documented `--snake_case` option in the help; the values are
/// re-read in order by <see cref="ArgumentSet"/> so that YAML, key=value and flags share one precedence.
/// </summary>
internal static class LfCommand
{
    public sealed record Extra(string Key, string Description);

    public static Command Create(string name, string description, Type[] records, Extra[] extras, Func<ArgumentSet, int> run)
    {
        var cmd = new Command(name, description) { TreatUnmatchedTokensAsErrors = false };
        var positional = new Argument<string[]>("args")
        {
            Description = "Optional CONFIG.yaml and key=value overrides.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        cmd.Arguments.Add(positional);
        var keys = new List<string>();
        foreach (var type in records)
        foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            string key = ArgumentNames.ToSnake(p.Name);
            if (keys.Contains(key)) continue;                 // e.g. `seed` or `template` shared by two records
            cmd.Options.Add(Flag(key, p.GetCustomAttribute<DescriptionAttribute>()?.Description));
            keys.Add(key);
        }
        foreach (var e in extras)
        {
            cmd.Options.Add(Flag(e.Key, e.Description));
            keys.Add(e.Key);
        }
        cmd.SetAction(parse =>
        {
            var tokens = parse.Tokens.Select(t => t.Value).SkipWhile(v => v != name).Skip(1)
                .Where(v => v != "--verbose").ToList();
            var set = ArgumentSet.Parse(tokens);
            set.RequireKnown(records, [.. extras.Select(e => e.Key), .. InertArguments.Reasons.Keys]);
            foreach (var warning in InertArguments.Warnings(set.Keys)) Console.Error.WriteLine(warning);
            return run(set);
        });
        return cmd;
    }

    /// <summary>`--key [value]`, repeatable (the last one wins, as in LLaMA-Factory), one value per occurrence.</summary>
    static Option<string[]> Flag(string key, string? description) => new("--" + key)
    {
        Description = description,
        Arity = ArgumentArity.ZeroOrMore,
        AllowMultipleArgumentsPerToken = false,
        HelpName = key,
    };
}
