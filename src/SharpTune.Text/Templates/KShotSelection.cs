namespace SharpTune.Text.Templates;

/// <summary>How <see cref="KShotPromptBuilder"/> picks its shots (`shot_selection`).</summary>
public enum KShotSelection
{
    /// <summary>A seeded shuffle of the pool.</summary>
    Random,

    /// <summary>The pool entries most similar to the query by BM25 over words (character bigrams for Thai / Chinese).</summary>
    Similar,

    /// <summary>The first k pool entries, the same for every query (one dev-chosen example, as in Agrawal et al. 2023).</summary>
    Fixed,
}
