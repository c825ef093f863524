namespace SharpTune.Cli.Tests.Commands;

[Collection("cli")]
public sealed class ChatCommandTests
{
    [Fact]
    public void Chat_streams_the_greedy_continuation_and_keeps_history_until_cleared()
    {
        string stories = Path.Combine(CliRunner.RepoRoot, "examples", "models", "stories260K");
        var (exit, stdout, stderr) = CliRunner.RunWithInput("Once upon a time\nclear\nOnce upon a time\nexit\n",
            "chat", "--model_name_or_path", stories, "--template", "empty", "--max_new_tokens", "12");
        Assert.True(exit == 0, stderr);
        var replies = stdout.Split("Assistant: ").Skip(1).Select(r => r.Split('\n')[0]).ToList();
        Assert.Equal(2, replies.Count);
        Assert.StartsWith(", there was a little girl named Lily", replies[0]);
        Assert.Equal(replies[0], replies[1]);                       // after 'clear' the same prompt gives the same reply
        Assert.Contains("History cleared.", stderr);
    }
}
