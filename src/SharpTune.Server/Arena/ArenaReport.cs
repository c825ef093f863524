namespace SharpTune.Server.Arena;

/// <summary>The arena report (<c>sharptune arena report --json</c>, <c>GET /api/report</c>, the results page).</summary>
/// <param name="Separated">Models that won or lost every decisive vote: their Bradley–Terry rating has no finite maximum.</param>
internal sealed record ArenaReport(
    int Votes, IReadOnlyList<ModelRating> Models, IReadOnlyList<PairResult> Pairs, ArenaAgreement? Agreement,
    IReadOnlyList<string> Separated, int BootstrapRounds, int Seed);

/// <summary>One model: Bradley–Terry rating with its bootstrap interval, online Elo, and its win rate over decisive votes
/// (wins / (wins + losses)) with the Wilson interval; null rates without decisive votes.</summary>
internal sealed record ModelRating(
    string Name, double Rating, double RatingLow, double RatingHigh, double Elo, int Wins, int Losses, int Ties,
    double? WinRate, double? WinRateLow, double? WinRateHigh);

/// <summary>Head to head (names in order), with the exact two-sided binomial p-value on the non-tied votes.</summary>
internal sealed record PairResult(string ModelA, string ModelB, int AWins, int BWins, int Ties, double PValue);

/// <summary>Agreement where the same item and pair were judged by more than one rater (each rater's latest vote), over
/// three categories (first model better, second better, tie of either kind). Cohen's κ is given when exactly two raters
/// judged those items.</summary>
internal sealed record ArenaAgreement(int Items, int Ratings, int Raters, double ObservedAgreement, double? FleissKappa, double? CohenKappa);
