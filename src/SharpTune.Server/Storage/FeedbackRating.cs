using System.Globalization;
using System.Text.Json;

namespace SharpTune.Server.Storage;

/// <summary>A rating of one response: a thumb (<c>up</c> = 1, <c>down</c> = 0) or a score from 1 to 5.</summary>
internal sealed record FeedbackRating(string Text, double Score)
{
    public bool IsThumb => Text is "up" or "down";

    /// <summary>Reads a JSON <c>rating</c>: "up", "down", 1–5 or "1"–"5"; null with <paramref name="error"/> otherwise.</summary>
    public static FeedbackRating? Parse(JsonElement value, out string? error)
    {
        error = null;
        if (value.ValueKind == JsonValueKind.String)
        {
            string s = value.GetString()!.Trim().ToLowerInvariant();
            if (s is "up" or "down") return new FeedbackRating(s, s == "up" ? 1 : 0);
            if (int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n is >= 1 and <= 5) return new FeedbackRating(s, n);
        }
        else if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int n) && n is >= 1 and <= 5)
        {
            return new FeedbackRating(n.ToString(CultureInfo.InvariantCulture), n);
        }
        error = "rating must be \"up\", \"down\" or a whole number from 1 to 5";
        return null;
    }
}
