#pragma warning disable OPENAI001 // ChatCompletionOptions.Seed is marked experimental in the SDK
using Microsoft.Extensions.AI;
using ChatFinishReason = OpenAI.Chat.ChatFinishReason;
using OpenAI.Chat;
using SharpTune.Core.Configuration;
using SharpTune.Core.Generation;
using SharpTune.Text.Templates;
using SharpTune.Text.Tokenization;

namespace SharpTune.Server.Tests.Api;

/// <summary>The OpenAI-compatible chat route against the official OpenAI .NET SDK and Microsoft.Extensions.AI's IChatClient.</summary>
[Collection(ApiCollection.Name)]
public sealed class ChatApiTests(ServedModelFixture f)
{
    const string Question = "Tell me a story about a ball.";
    static readonly ChatCompletionOptions Greedy = new() { MaxOutputTokenCount = 24, Temperature = 0f };

    static async Task<ChatCompletion> Ask(ChatClient chat, ChatCompletionOptions options, string question = Question) =>
        (await chat.CompleteChatAsync([new UserChatMessage(question)], options)).Value;

    /// <summary>What greedy decoding of the base (or one adapter, loaded alone) gives for the question under the alpaca template.</summary>
    static string Alone(string? adapter)
    {
        var tokenizer = Tokenizer.Load(ServedModelFixture.Stories);
        var template = ChatTemplates.Get("alpaca");
        var prompt = template.EncodeOneturn(tokenizer, [SharpTune.Text.Templates.ChatMessage.User(Question), SharpTune.Text.Templates.ChatMessage.Assistant("")])
            .PromptIds.Select(i => (long)i).ToArray();
        var eos = template.GetStopTokenIds(tokenizer).Select(i => (long)i).ToList();
        using var m = ModelSession.Load(new ModelArguments { ModelNameOrPath = ServedModelFixture.Stories, AdapterNameOrPath = adapter is null ? [] : [adapter] });
        var ids = TextGenerator.Generate(m, [prompt], new GenerationOptions { MaxNewTokens = 24, EosTokenIds = eos }).NewTokens[0];
        return tokenizer.Decode(ids.TakeWhile(i => !eos.Contains(i)).Select(i => (int)i).ToList(), skipSpecialTokens: true);
    }

    [Fact]
    public async Task A_chat_completion_through_the_sdk_has_text_usage_and_a_finish_reason()
    {
        var c = await Ask(ApiClient.Sdk(f.Server).GetChatClient(ServedModelFixture.BaseName), Greedy);
        Assert.StartsWith("chatcmpl-", c.Id);
        Assert.Equal(ServedModelFixture.BaseName, c.Model);
        Assert.False(string.IsNullOrWhiteSpace(c.Content[0].Text));
        Assert.Contains(c.FinishReason, new[] { ChatFinishReason.Stop, ChatFinishReason.Length });
        Assert.True(c.Usage.InputTokenCount > 5);
        Assert.InRange(c.Usage.OutputTokenCount, 1, 24);
        Assert.Equal(c.Usage.InputTokenCount + c.Usage.OutputTokenCount, c.Usage.TotalTokenCount);
        Assert.True(c.CreatedAt > DateTimeOffset.UtcNow.AddMinutes(-5));
    }

    [Fact]
    public async Task Each_adapter_answers_as_it_does_alone_and_the_base_as_the_base()
    {
        var sdk = ApiClient.Sdk(f.Server);
        var texts = await Task.WhenAll(new[] { ServedModelFixture.BaseName, "lora-a", "lora-b" }
            .Select(async m => (await Ask(sdk.GetChatClient(m), Greedy)).Content[0].Text));
        Assert.Equal(Alone(null), texts[0]);
        Assert.Equal(Alone(f.AdapterA), texts[1]);
        Assert.Equal(Alone(f.AdapterB), texts[2]);
        Assert.Equal(3, texts.Distinct().Count());
    }

    [Fact]
    public async Task A_streamed_chat_gives_the_same_text_as_the_whole_answer_and_a_usage_update()
    {
        var chat = ApiClient.Sdk(f.Server).GetChatClient("lora-a");
        string whole = (await Ask(chat, Greedy)).Content[0].Text;
        var text = new System.Text.StringBuilder();
        ChatFinishReason? finish = null;
        ChatTokenUsage? usage = null;
        await foreach (var u in chat.CompleteChatStreamingAsync([new UserChatMessage(Question)], Greedy))
        {
            foreach (var part in u.ContentUpdate) text.Append(part.Text);
            if (u.FinishReason is { } r) finish = r;
            usage ??= u.Usage;
        }
        Assert.Equal(whole, text.ToString());
        Assert.NotNull(finish);
        Assert.NotNull(usage);
        Assert.True(usage!.OutputTokenCount > 0);
    }

    [Fact]
    public async Task The_same_seed_samples_the_same_text_and_another_seed_another()
    {
        var chat = ApiClient.Sdk(f.Server).GetChatClient("lora-b");
        ChatCompletionOptions Seeded(long seed) => new() { MaxOutputTokenCount = 30, Temperature = 1.0f, Seed = seed };
        string one = (await Ask(chat, Seeded(7))).Content[0].Text, two = (await Ask(chat, Seeded(7))).Content[0].Text;
        string other = (await Ask(chat, Seeded(8))).Content[0].Text;
        Assert.Equal(one, two);
        Assert.NotEqual(one, other);
    }

    [Fact]
    public async Task Logprobs_come_in_openai_shape_with_the_most_likely_tokens_first()
    {
        var options = new ChatCompletionOptions { MaxOutputTokenCount = 5, Temperature = 0f, IncludeLogProbabilities = true, TopLogProbabilityCount = 3 };
        var c = await Ask(ApiClient.Sdk(f.Server).GetChatClient(ServedModelFixture.BaseName), options);
        Assert.Equal(c.Usage.OutputTokenCount, c.ContentTokenLogProbabilities.Count);
        foreach (var t in c.ContentTokenLogProbabilities)
        {
            Assert.Equal(3, t.TopLogProbabilities.Count);
            Assert.Equal(t.TopLogProbabilities[0].LogProbability, t.LogProbability, 5);      // greedy picks the most likely
            Assert.True(t.TopLogProbabilities[0].LogProbability >= t.TopLogProbabilities[2].LogProbability);
        }
    }

    [Fact]
    public async Task Microsoft_extensions_ai_chats_and_streams_over_the_sdk()
    {
        IChatClient client = ApiClient.Sdk(f.Server).GetChatClient("lora-a").AsIChatClient();
        var options = new ChatOptions { MaxOutputTokens = 16, Temperature = 0 };
        var response = await client.GetResponseAsync(Question, options);
        Assert.False(string.IsNullOrWhiteSpace(response.Text));
        Assert.NotNull(response.FinishReason);
        Assert.True(response.Usage?.OutputTokenCount > 0);
        var streamed = new System.Text.StringBuilder();
        await foreach (var u in client.GetStreamingResponseAsync(Question, options)) streamed.Append(u.Text);
        Assert.Equal(response.Text, streamed.ToString());
    }

    [Fact]
    public async Task The_model_list_has_the_base_and_each_adapter_with_the_base_as_parent()
    {
        var ids = (await ApiClient.Sdk(f.Server).GetOpenAIModelClient().GetModelsAsync()).Value.Select(m => m.Id).ToList();
        Assert.Equal([ServedModelFixture.BaseName, "lora-a", "lora-b"], ids);
        var list = System.Text.Json.Nodes.JsonNode.Parse(await ApiClient.Http(f.Server).GetStringAsync("/v1/models"))!;
        Assert.Equal(ServedModelFixture.BaseName, list["data"]![1]!["parent"]!.GetValue<string>());
        Assert.Null(list["data"]![0]!["parent"]);
    }

    [Fact]
    public async Task A_stop_string_ends_the_answer_before_it_with_finish_reason_stop()
    {
        var chat = ApiClient.Sdk(f.Server).GetChatClient(ServedModelFixture.BaseName);
        string full = (await Ask(chat, Greedy)).Content[0].Text;
        var words = full.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        string stop = words[Math.Min(2, words.Length - 1)];
        var options = new ChatCompletionOptions { MaxOutputTokenCount = 24, Temperature = 0f };
        options.StopSequences.Add(stop);
        var c = await Ask(chat, options);
        Assert.Equal(full[..full.IndexOf(stop, StringComparison.Ordinal)], c.Content[0].Text);
        Assert.Equal(ChatFinishReason.Stop, c.FinishReason);
    }
}
