namespace SharpTune.Text.Tokenization.Training;

public static partial class VocabularyExpander
{
    /// <summary>
    /// Adds each token of a list (surface text, one per line): it is segmented with the current merges and the
    /// pieces are joined left to right, adding each intermediate token and its merge.
    /// </summary>
    private static void AddTokenList(ExpansionState state, IEnumerable<string> lines, string source)
    {
        int lineNumber = 0;
        foreach (var raw in lines)
        {
            lineNumber++;
            string surface = raw.TrimEnd('\r');
            if (surface.Length == 0) continue;
            string form = state.Base.Flavor switch
            {
                VocabFlavor.ByteLevel => ByteLevelAlphabet.Map(surface),
                VocabFlavor.Metaspace => surface.Replace(' ', '\u2581'),
                _ => surface,
            };
            if (state.Contains(form)) continue;

            var symbols = new List<string>();
            foreach (var rune in form.EnumerateRunes())
            {
                string symbol = rune.ToString();
                if (!state.Contains(symbol))
                {
                    if (state.Base.Flavor == VocabFlavor.ByteLevel)
                    {
                        throw new InvalidDataException($"{source}:{lineNumber}: byte symbol '{symbol}' is missing from the byte-level base vocabulary.");
                    }

                    state.AddSymbol(symbol);
                }

                symbols.Add(symbol);
            }

            var pieces = state.Segment(symbols);
            string built = pieces[0];
            for (int i = 1; i < pieces.Count; i++)
            {
                if (!state.AddMerge(built, pieces[i]))
                {
                    state.Skip($"{source}:{lineNumber}: token '{surface}' stops at '{built}'");
                    break;
                }

                built += pieces[i];
            }
        }
    }
}
