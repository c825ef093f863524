namespace SharpTune.Text.Statistics;

/// <summary>A model's rating with its bootstrap interval.</summary>
public sealed record RatingInterval(string Model, double Rating, double Low, double High);
