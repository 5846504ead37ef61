// Ladder rung: small structs as locals, arguments (by value and by ref),
// return values and array elements; ldloca/ldflda/initobj; int/long output.
using System;

struct Vec2
{
    public int X, Y;
    public Vec2(int x, int y) { X = x; Y = y; }
    public int Dot(Vec2 o) { return X * o.X + Y * o.Y; }
}

struct Span64
{
    public long Start, Length;
}

static class LadderStructs
{
    static int Check(long got, long want, int id)
    {
        if (got == want) return 0;
        Console.WriteLine(-id);
        Console.WriteLine(got);
        return 1;
    }

    static Vec2 Add(Vec2 a, Vec2 b) { return new Vec2(a.X + b.X, a.Y + b.Y); }

    static void Scale(ref Vec2 v, int k) { v.X *= k; v.Y *= k; }

    static void Init(out Span64 s, long start) { s.Start = start; s.Length = start * 2; }

    static long End(Span64 s) { return s.Start + s.Length; }

    static int Main()
    {
        int bad = 0;
        Vec2 a = new Vec2(1, 2), b = new Vec2(3, 4);
        Vec2 c = Add(a, b);
        bad += Check(c.X, 4, 1);
        bad += Check(c.Y, 6, 2);
        bad += Check(a.Dot(b), 11, 3);
        Scale(ref c, 3);
        bad += Check(c.X * 100 + c.Y, 1218, 4);
        Vec2 copy = c;
        copy.X = 0;
        bad += Check(c.X, 12, 5);

        Span64 s;
        Init(out s, 1L << 35);
        bad += Check(End(s), 3L << 35, 6);
        Span64 d = default(Span64);
        bad += Check(d.Start + d.Length, 0, 7);

        Vec2[] path = new Vec2[50];
        for (int i = 0; i < path.Length; i++) path[i] = new Vec2(i, i * i);
        for (int i = 0; i < path.Length; i++) Scale(ref path[i], 2);
        long sum = 0;
        for (int i = 0; i < path.Length; i++) sum += path[i].X + path[i].Y;
        bad += Check(sum, 2 * (1225 + 40425), 8);

        Console.WriteLine(a.Dot(b));
        Console.WriteLine(sum);
        Console.WriteLine(bad);
        return bad == 0 ? 100 : bad;
    }
}
