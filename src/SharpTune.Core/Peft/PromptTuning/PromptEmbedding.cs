// Prompt tuning (Lester et al. 2021, "The Power of Scale for Parameter-Efficient Prompt Tuning"), as Hugging
// Face PEFT's tuners/prompt_tuning/model.py PromptEmbedding: P learned embeddings prepended to the input
// embeddings; initialised at random (N(0, 1), torch's nn.Embedding default) or from a text's token embeddings.
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SharpTune.Core.Peft.PromptTuning;

public sealed class PromptEmbedding : nn.Module
{
    public Embedding embedding;                     // weight (P, H)

    public PromptEmbedding(long num_virtual_tokens, long token_dim, ScalarType dtype) : base(nameof(PromptEmbedding))
    {
        embedding = nn.Embedding(num_virtual_tokens, token_dim, dtype: dtype);
        RegisterComponents();
    }

    public long num_virtual_tokens => embedding.weight!.shape[0];

    /// <summary>The virtual token embeddings for a batch: (B, P, H).</summary>
    public Tensor forward(long batch) => embedding.weight!.unsqueeze(0).expand(batch, -1, -1);

    /// <summary>
    /// PEFT's TEXT init: the word embeddings of <paramref name="token_ids"/>, repeated to P tokens and truncated.
    /// </summary>
    public void init_from_tokens(Tensor word_embeddings, IReadOnlyList<int> token_ids)
    {
        if (token_ids.Count == 0) throw new ArgumentException("prompt_tuning_init_text tokenizes to no tokens");
        long P = num_virtual_tokens, V = word_embeddings.shape[0];
        foreach (var t in token_ids)
            if (t < 0 || t >= V) throw new ArgumentException($"prompt_tuning_init_text token id {t} is outside the vocabulary (0..{V - 1})");
        var ids = Enumerable.Range(0, (int)P).Select(i => (long)token_ids[i % token_ids.Count]).ToArray();
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var rows = word_embeddings.index_select(0, tensor(ids, device: word_embeddings.device)); // (P, H)
        embedding.weight!.copy_(rows.to_type(embedding.weight!.dtype));
    }
}
