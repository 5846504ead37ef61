// Ladder rung: simple classes — newobj, constructors, instance fields and
// methods, virtual and interface calls, null checks; int/long output only.
using System;

interface IScore { int Score(); }

class Point : IScore
{
    public int X, Y;
    public Point(int x, int y) { X = x; Y = y; }
    public int ManhattanTo(Point o) { return Abs(X - o.X) + Abs(Y - o.Y); }
    public virtual int Score() { return X + Y; }
    static int Abs(int v) { return v < 0 ? -v : v; }
}

class WeightedPoint : Point
{
    public int W;
    public WeightedPoint(int x, int y, int w) : base(x, y) { W = w; }
    public override int Score() { return base.Score() * W; }
}

class Accumulator
{
    long total;
    int count;
    public void Add(long v) { total += v; count++; }
    public long Total() { return total; }
    public int Count() { return count; }
    public long Average() { return count == 0 ? 0 : total / count; }
}

class Cell
{
    public int Value;
    public Cell Next;
}

static class LadderObjects
{
    static int Check(long got, long want, int id)
    {
        if (got == want) return 0;
        Console.WriteLine(-id);
        Console.WriteLine(got);
        return 1;
    }

    static int TotalScore(IScore[] items)
    {
        int s = 0;
        for (int i = 0; i < items.Length; i++) s += items[i].Score();
        return s;
    }

    static int Main()
    {
        int bad = 0;
        var a = new Point(1, 2);
        var b = new Point(4, -2);
        bad += Check(a.ManhattanTo(b), 7, 1);
        bad += Check(b.ManhattanTo(a), 7, 2);

        Point w = new WeightedPoint(3, 4, 10);
        bad += Check(w.Score(), 70, 3);
        IScore[] items = { a, b, w, new WeightedPoint(1, 1, 2) };
        bad += Check(TotalScore(items), 3 + 2 + 70 + 4, 4);

        var acc = new Accumulator();
        for (int i = 1; i <= 10; i++) acc.Add(i * 1000000000L);
        bad += Check(acc.Total(), 55000000000L, 5);
        bad += Check(acc.Count(), 10, 6);
        bad += Check(acc.Average(), 5500000000L, 7);

        Cell head = null;
        for (int i = 0; i < 1000; i++) head = new Cell { Value = i, Next = head };
        long sum = 0;
        int len = 0;
        for (Cell c = head; c != null; c = c.Next) { sum += c.Value; len++; }
        bad += Check(sum, 499500, 8);
        bad += Check(len, 1000, 9);

        int caught = 0;
        Point none = null;
        try { bad += Check(none.X, 0, 10); } catch (NullReferenceException) { caught++; }
        bad += Check(caught, 1, 11);

        Console.WriteLine(w.Score());
        Console.WriteLine(acc.Total());
        Console.WriteLine(bad);
        return bad == 0 ? 100 : bad;
    }
}
