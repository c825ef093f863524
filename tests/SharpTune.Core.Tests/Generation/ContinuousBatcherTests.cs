using SharpTune.Core.Configuration;
using SharpTune.Core.Generation;
using SharpTune.Core.Peft.Lora;
using SharpTune.Core.Tests.Peft.Lora;

namespace SharpTune.Core.Tests.Generation;

/// <summary>Continuous batching: rows join and leave a running batch and still decode exactly what they decode alone.</summary>
[Collection(TorchCollection.Name)]
public sealed class ContinuousBatcherTests
{
    static readonly long[] Short = [1, 403, 49, 301];
    static readonly long[] Long = [1, 378, 395, 280, 261, 403, 49, 301, 300, 412, 290];

    static long[] Greedy(string? adapter, long[] prompt, int n)
    {
        using var m = ModelSession.Load(new ModelArguments { ModelNameOrPath = ServedAdapters.Stories, AdapterNameOrPath = adapter is null ? [] : [adapter] });
        return TextGenerator.Generate(m, [prompt], new GenerationOptions { MaxNewTokens = n }).NewTokens[0];
    }

    static async Task<List<TokenEvent>> Collect(BatchRequest r)
    {
        var list = new List<TokenEvent>();
        await foreach (var e in r.Tokens.ReadAllAsync()) list.Add(e);
        return list;
    }

    static BatchRequest Greedy(long[] prompt, int adapter, int n, CancellationToken cancel = default) =>
        new(prompt, adapter, new SamplingParams(n, Temperature: 0), cancel);

    [Fact]
    public async Task Requests_that_join_a_running_batch_with_other_adapters_decode_what_they_decode_alone()
    {
        using var dir = TestPaths.NewTempDir();
        string a = ServedAdapters.Save(Path.Combine(dir.Path, "a"), seed: 1, scaleB: 0.5);
        string b = ServedAdapters.Save(Path.Combine(dir.Path, "b"), seed: 2, scaleB: 0.5);
        using var model = MultiLoraModel.Load(ServedAdapters.Stories, [("a", a), ("b", b)]);
        using var batcher = new ContinuousBatcher(model, model.Routing, new BatcherOptions(PrefillChunk: 3));
        var first = Greedy(Short, -1, 24);
        Assert.True(batcher.TrySubmit(first));
        await first.Tokens.WaitToReadAsync();                                                    // the base row is decoding
        var second = Greedy(Long, 0, 12);
        var third = Greedy(Short, 1, 12);
        Assert.True(batcher.TrySubmit(second));
        Assert.True(batcher.TrySubmit(third));
        var got = await Task.WhenAll(Collect(first), Collect(second), Collect(third));

        Assert.Equal(Greedy(null, Short, 24), got[0].Select(e => (long)e.Id));
        Assert.Equal(Greedy(a, Long, 12), got[1].Select(e => (long)e.Id));
        Assert.Equal(Greedy(b, Short, 12), got[2].Select(e => (long)e.Id));
        Assert.All(got, g => Assert.Equal("length", g[^1].FinishReason));
        Assert.True(batcher.StepRows > batcher.Steps, "some decode steps carried more than one row");
    }

    [Fact]
    public async Task Decode_steps_on_their_own_thread_count_decode_the_same_tokens_and_leave_the_callers_setting_alone()
    {
        int before = TorchSharp.torch.get_num_threads();
        using var model = MultiLoraModel.Load(ServedAdapters.Stories, []);
        using var batcher = new ContinuousBatcher(model, model.Routing, new BatcherOptions(DecodeThreads: 1));
        var requests = new[] { Greedy(Long, -1, 10), Greedy(Short, -1, 14) };
        Assert.True(batcher.TrySubmitAll(requests));
        var got = await Task.WhenAll(requests.Select(Collect));
        Assert.Equal(Greedy(null, Long, 10), got[0].Select(e => (long)e.Id));
        Assert.Equal(Greedy(null, Short, 14), got[1].Select(e => (long)e.Id));
        Assert.Equal(before, TorchSharp.torch.get_num_threads());                         // only the decode thread's own ops changed
        Assert.Throws<ArgumentException>(() => new ContinuousBatcher(model, model.Routing, new BatcherOptions(DecodeThreads: 0)));
    }

    [Fact]
    public async Task Prompts_queued_together_are_prefilled_in_one_pass_and_decode_what_they_decode_alone()
    {
        using var dir = TestPaths.NewTempDir();
        string a = ServedAdapters.Save(Path.Combine(dir.Path, "a"), seed: 1, scaleB: 0.5);
        using var model = MultiLoraModel.Load(ServedAdapters.Stories, [("a", a)]);
        using var batcher = new ContinuousBatcher(model, model.Routing);
        var requests = new[] { Greedy(Long, 0, 10), Greedy(Short, -1, 14), Greedy(Short, 0, 6) };
        Assert.True(batcher.TrySubmitAll(requests));
        var got = await Task.WhenAll(requests.Select(Collect));
        // left padding changes which zeros the attention sums over, not the result: greedy tokens match exactly
        Assert.Equal(Greedy(a, Long, 10), got[0].Select(e => (long)e.Id));
        Assert.Equal(Greedy(null, Short, 14), got[1].Select(e => (long)e.Id));
        Assert.Equal(Greedy(a, Short, 6), got[2].Select(e => (long)e.Id));
        Assert.Equal(1, batcher.PrefillPasses);
    }

    [Fact]
    public async Task Newcomers_arriving_while_a_row_decodes_are_prefilled_together_and_decode_what_they_decode_alone()
    {
        using var model = MultiLoraModel.Load(ServedAdapters.Stories, []);
        using var batcher = new ContinuousBatcher(model, null);
        var running = Greedy(Short, -1, 300);
        Assert.True(batcher.TrySubmit(running));
        await running.Tokens.WaitToReadAsync();                                                  // the first row is decoding
        Assert.Equal(1, batcher.PrefillPasses);
        var newcomers = new[] { Greedy(Long, -1, 8), Greedy(Short, -1, 12) };
        Assert.True(batcher.TrySubmitAll(newcomers));
        var got = await Task.WhenAll(newcomers.Select(Collect));
        Assert.Equal(Greedy(null, Long, 8), got[0].Select(e => (long)e.Id));
        Assert.Equal(Greedy(null, Short, 12), got[1].Select(e => (long)e.Id));
        Assert.True(running.Emitted < 300, "the first row was still decoding when the newcomers finished");
        Assert.Equal(2, batcher.PrefillPasses);                                                  // both newcomers in one pass
        Assert.Equal(Greedy(null, Short, 300), (await Collect(running)).Select(e => (long)e.Id));
    }

    [Fact]
    public async Task A_long_prompt_is_prefilled_in_chunks_between_decode_steps_of_the_running_rows()
    {
        using var model = MultiLoraModel.Load(ServedAdapters.Stories, []);
        using var batcher = new ContinuousBatcher(model, null, new BatcherOptions(PrefillChunk: 4));
        var running = Greedy(Short, -1, 30);
        batcher.TrySubmit(running);
        await running.Tokens.WaitToReadAsync();
        var prompt = Enumerable.Range(0, 40).Select(i => (long)(3 + i % 400)).ToArray();
        var newcomer = Greedy(prompt, -1, 1);
        int before = running.Emitted;
        batcher.TrySubmit(newcomer);
        await Collect(newcomer);
        int during = running.Emitted - before;
        // 40 tokens in chunks of 4 are 10 chunks, each followed by one decode step of the running row
        Assert.True(during >= 9, $"the running row made {during} steps while the newcomer was prefilled");
        await Collect(running);
    }

    [Fact]
    public async Task A_cancelled_request_leaves_the_batch_and_frees_its_row()
    {
        using var model = MultiLoraModel.Load(ServedAdapters.Stories, []);
        using var batcher = new ContinuousBatcher(model, null, new BatcherOptions(MaxBatch: 1, MaxWaiting: 0));
        using var cts = new CancellationTokenSource();
        var r = Greedy(Short, -1, 100_000, cts.Token);
        Assert.True(batcher.TrySubmit(r));
        await r.Tokens.WaitToReadAsync();
        Assert.Equal(1, batcher.Running);
        Assert.False(batcher.TrySubmit(Greedy(Short, -1, 2)), "the only row is taken and nobody may wait");
        cts.Cancel();
        await Collect(r);
        for (int i = 0; i < 100 && batcher.Running > 0; i++) await Task.Delay(10);
        Assert.Equal(0, batcher.Running);
        var next = Greedy(Short, -1, 3);
        Assert.True(batcher.TrySubmit(next));
        Assert.Equal(3, (await Collect(next)).Count);
    }

    [Fact]
    public async Task A_stop_id_ends_the_row_with_finish_reason_stop_and_the_same_seed_samples_the_same_tokens()
    {
        using var model = MultiLoraModel.Load(ServedAdapters.Stories, []);
        using var batcher = new ContinuousBatcher(model, null);
        var alone = Greedy(null, Short, 6);
        var stop = new BatchRequest(Short, -1, new SamplingParams(50, Temperature: 0, StopTokenIds: [alone[3]]));
        batcher.TrySubmit(stop);
        var events = await Collect(stop);
        Assert.Equal("stop", events[^1].FinishReason);
        Assert.Equal(alone[3], events[^1].Id);
        Assert.True(events.Count <= 4);

        BatchRequest Sampled(long seed) => new(Short, -1, new SamplingParams(30, Temperature: 1.0, TopP: 0.9, Seed: seed, TopLogprobs: 2));
        var runs = new[] { Sampled(7), Sampled(7), Sampled(8) };
        foreach (var r in runs) batcher.TrySubmit(r);
        var got = await Task.WhenAll(runs.Select(Collect));
        Assert.Equal(got[0].Select(e => e.Id), got[1].Select(e => e.Id));
        Assert.NotEqual(got[0].Select(e => e.Id), got[2].Select(e => e.Id));
        Assert.All(got[0], e => Assert.True(e.Logprob <= 0 && e.Top!.Count == 2 && e.Top[0].logprob >= e.Top[1].logprob));
    }
}
