namespace SharpTune.Server.Tests.Api;

/// <summary>The API test classes share one pair of running servers (the model and its adapters load and train once).</summary>
[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ServedModelFixture>
{
    public const string Name = "api";
}
