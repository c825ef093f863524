namespace SharpTune.Text.Tokenization.SentencePiece;

/// <summary>The fields of a SentencePiece ModelProto (sentencepiece_model.proto) that conversion needs.</summary>
internal sealed record SentencePieceModel(
    IReadOnlyList<(string Piece, float Score, int Type)> Pieces,
    int ModelType,
    bool ByteFallback,
    string UnkPiece,
    string BosPiece,
    string EosPiece,
    int BosId,
    int EosId,
    bool AddDummyPrefix)
{
    public const int TypeNormal = 1, TypeUnknown = 2, TypeControl = 3, TypeUserDefined = 4, TypeByte = 6;
    public const int ModelUnigram = 1, ModelBpe = 2;

    public static SentencePieceModel Read(string path)
    {
        var data = File.ReadAllBytes(path);
        Exception Error(string field, string m) => new TokenizerFormatException(path, field, m);
        var pieces = new List<(string, float, int)>();
        int modelType = ModelUnigram, bosId = 1, eosId = 2;
        bool byteFallback = false, addDummyPrefix = true;
        string unk = "<unk>", bos = "<s>", eos = "</s>";
        var reader = new ProtobufReader(data, m => Error("ModelProto", m));
        while (!reader.End)
        {
            var (field, wire) = reader.ReadTag();
            if (field == 1 && wire == 2) pieces.Add(ReadPiece(reader.ReadBytes(), m => Error($"pieces[{pieces.Count}]", m)));
            else if (field == 2 && wire == 2)
            {
                var t = new ProtobufReader(reader.ReadBytes(), m => Error("trainer_spec", m));
                while (!t.End)
                {
                    var (f, w) = t.ReadTag();
                    switch (f)
                    {
                        case 3 when w == 0: modelType = (int)t.ReadVarint(); break;
                        case 35 when w == 0: byteFallback = t.ReadVarint() != 0; break;
                        case 41 when w == 0: bosId = (int)(long)t.ReadVarint(); break;
                        case 42 when w == 0: eosId = (int)(long)t.ReadVarint(); break;
                        case 45 when w == 2: unk = t.ReadString(); break;
                        case 46 when w == 2: bos = t.ReadString(); break;
                        case 47 when w == 2: eos = t.ReadString(); break;
                        default: t.Skip(w); break;
                    }
                }
            }
            else if (field == 3 && wire == 2)
            {
                var n = new ProtobufReader(reader.ReadBytes(), m => Error("normalizer_spec", m));
                while (!n.End)
                {
                    var (f, w) = n.ReadTag();
                    if (f == 3 && w == 0) addDummyPrefix = n.ReadVarint() != 0;
                    else n.Skip(w);
                }
            }
            else reader.Skip(wire);
        }
        if (pieces.Count == 0) throw Error("pieces", "the model has no pieces");
        return new SentencePieceModel(pieces, modelType, byteFallback, unk, bos, eos, bosId, eosId, addDummyPrefix);
    }

    private static (string, float, int) ReadPiece(ReadOnlySpan<byte> bytes, Func<string, Exception> error)
    {
        var r = new ProtobufReader(bytes, error);
        string? piece = null;
        float score = 0;
        int type = TypeNormal;
        while (!r.End)
        {
            var (f, w) = r.ReadTag();
            if (f == 1 && w == 2) piece = r.ReadString();
            else if (f == 2 && w == 5) score = r.ReadFloat();
            else if (f == 3 && w == 0) type = (int)r.ReadVarint();
            else r.Skip(w);
        }
        return (piece ?? throw error("missing piece string"), score, type);
    }
}
