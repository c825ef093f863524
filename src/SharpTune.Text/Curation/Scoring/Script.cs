namespace SharpTune.Text.Curation.Scoring;

/// <summary>The writing systems a letter is sorted into for the script-share scores.</summary>
public enum Script
{
    /// <summary>Latin letters (Basic Latin, Latin-1, Latin Extended, Latin Extended Additional).</summary>
    Latin,

    /// <summary>Thai (U+0E00–U+0E7F).</summary>
    Thai,

    /// <summary>Han ideographs (CJK Unified, extensions, compatibility).</summary>
    Han,

    /// <summary>Hiragana and Katakana.</summary>
    Kana,

    /// <summary>Hangul.</summary>
    Hangul,

    /// <summary>Cyrillic.</summary>
    Cyrillic,

    /// <summary>Greek.</summary>
    Greek,

    /// <summary>Arabic.</summary>
    Arabic,

    /// <summary>Any other letter.</summary>
    Other,
}
