namespace SharpTune.Text.Templates;

/// <summary>The role of a message in a conversation (LLaMA-Factory's Role, without system: the system prompt is separate).</summary>
public enum ChatRole
{
    /// <summary>The user's turn (prompt).</summary>
    User,

    /// <summary>The model's turn (response).</summary>
    Assistant,

    /// <summary>A tool result, formatted like a user turn unless the template says otherwise.</summary>
    Observation,

    /// <summary>A function call by the model, formatted like an assistant turn.</summary>
    Function,
}
