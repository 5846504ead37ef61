// ldflda: addresses of class fields passed to framework methods taking
// ref (Interlocked) and to our own ref parameters; a null object throws
// NullReferenceException from precompiled code.
using System;
using System.Threading;
class Counter {
    public int N; public long Big; public string S;
    public void Hit() { Interlocked.Increment(ref N); }
    public void Add(long v) { Interlocked.Add(ref Big, v); }
    public static void Bump(ref int x) { x += 10; }
    public void BumpN() { Bump(ref N); }
    public void SetS(string v) { Interlocked.Exchange(ref S, v); }
}
class Program {
    static void Touch(Counter c) { Counter.Bump(ref c.N); }
    static int Main() {
        Counter c = new Counter();
        for (int i = 0; i < 5; i++) c.Hit();
        c.Add(1L << 40); c.BumpN(); Touch(c);
        c.SetS("xyz");
        Console.WriteLine(c.N); Console.WriteLine(c.Big); Console.WriteLine(c.S);
        Console.WriteLine(Nulls());
        return 100;
    }
    static int Nulls() { try { Touch(null); return 0; } catch (NullReferenceException) { return 1; } }
}
