namespace SharpTune.Text.Templates;

/// <summary>One alpaca-style demonstration: instruction, optional input, expected output.</summary>
public sealed record KShotExample(string Instruction, string Input, string Output)
{
    /// <summary>The user-side text, as LLaMA-Factory's alpaca converter builds it: instruction, then input on a new line when present.</summary>
    public string Prompt => Input.Length == 0 ? Instruction : Instruction + "\n" + Input;
}
