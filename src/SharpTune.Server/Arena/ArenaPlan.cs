using System.Globalization;

namespace SharpTune.Server.Arena;

/// <summary>The sample-size plan (<c>sharptune arena plan</c>): decisive votes to tell win rate p₁ from p₀, and for
/// comparison the observations per arm an A/B test of the two rates needs.</summary>
internal sealed record ArenaPlan(double P0, double P1, double Alpha, double Power, int VotesNeeded, int PerArmAb)
{
    public string Format() => string.Create(CultureInfo.InvariantCulture,
        $"{VotesNeeded} decisive votes (ties do not count) tell a win rate of {P1} from {P0} at two-sided α = {Alpha} with power {Power}; " +
        $"an A/B test of thumbs-up rates {P0} against {P1} needs {PerArmAb} per variant");
}
