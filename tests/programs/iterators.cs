// Iterators: yield return/yield break state machines, finally in iterators,
// nested and infinite generators, IEnumerable over structs, foreach with
// Dispose, custom enumerators.
using System;
using System.Collections;
using System.Collections.Generic;
using System.Text;

class Range : IEnumerable<int>
{
    readonly int start, count;
    public Range(int start, int count) { this.start = start; this.count = count; }
    public IEnumerator<int> GetEnumerator() { for (int i = 0; i < count; i++) yield return start + i; }
    IEnumerator IEnumerable.GetEnumerator() { return GetEnumerator(); }
}

struct Countdown
{
    int n;
    public Countdown(int n) { this.n = n; }
    public Countdown GetEnumerator() { return this; }
    public bool MoveNext() { return n-- > 0; }
    public int Current { get { return n; } }
}

static class Iterators
{
    static int failures;
    static StringBuilder log = new StringBuilder();

    static void Check(bool ok, string what)
    {
        if (!ok) { failures++; Console.WriteLine("FAIL " + what); }
    }

    static IEnumerable<long> Fibs()
    {
        long a = 0, b = 1;
        while (true) { yield return a; long t = a + b; a = b; b = t; }
    }

    static IEnumerable<T> Take<T>(IEnumerable<T> src, int n)
    {
        if (n <= 0) yield break;
        foreach (T t in src)
        {
            yield return t;
            if (--n == 0) yield break;
        }
    }

    static IEnumerable<T> Where<T>(IEnumerable<T> src, Func<T, bool> pred)
    {
        foreach (T t in src) if (pred(t)) yield return t;
    }

    static IEnumerable<string> WithFinally()
    {
        try
        {
            log.Append("start ");
            yield return "a";
            yield return "b";
            yield return "c";
        }
        finally { log.Append("finally "); }
    }

    static IEnumerable<int> Flatten(IEnumerable<IEnumerable<int>> nested)
    {
        foreach (var inner in nested)
            foreach (int v in inner)
                yield return v;
    }

    static IEnumerable<int> Primes()
    {
        var found = new List<int>();
        for (int c = 2; ; c++)
        {
            bool prime = true;
            foreach (int p in found) { if (p * p > c) break; if (c % p == 0) { prime = false; break; } }
            if (prime) { found.Add(c); yield return c; }
        }
    }

    static int Main()
    {
        var fibs = new List<long>(Take(Fibs(), 50));
        Check(fibs.Count == 50 && fibs[49] == 7778742049L, "fib generator");

        long evenSum = 0;
        foreach (long f in Take(Where(Fibs(), v => v % 2 == 0), 20)) evenSum += f;
        Check(evenSum == 478361013020L, "composed generators " + evenSum);

        int total = 0;
        foreach (int i in new Range(10, 5)) total += i;
        Check(total == 60, "IEnumerable<int> class");

        // Early exit from foreach disposes the iterator and runs its finally.
        log.Clear();
        foreach (string s in WithFinally()) { log.Append(s + " "); if (s == "b") break; }
        Check(log.ToString() == "start a b finally ", "finally on break: " + log);
        log.Clear();
        foreach (string s in WithFinally()) log.Append(s + " ");
        Check(log.ToString() == "start a b c finally ", "finally on completion: " + log);

        // Manual enumeration.
        var e = WithFinally().GetEnumerator();
        log.Clear();
        Check(e.MoveNext() && e.Current == "a", "manual MoveNext");
        e.Dispose();
        Check(log.ToString() == "start finally " && !e.MoveNext(), "manual Dispose");

        var nested = new List<IEnumerable<int>> { new Range(0, 3), new int[] { 10, 20 }, new List<int>(), Take(Primes(), 4) };
        var flat = new List<int>(Flatten(nested));
        Console.WriteLine(string.Join(",", flat));
        Check(string.Join(",", flat) == "0,1,2,10,20,2,3,5,7", "flatten");

        int primeSum = 0;
        foreach (int p in Take(Primes(), 100)) primeSum += p;
        Check(primeSum == 24133, "first 100 primes " + primeSum);

        string cd = "";
        foreach (int v in new Countdown(5)) cd += v;
        Check(cd == "43210", "pattern-based struct enumerator");

        // Two independent enumerations of the same enumerable.
        IEnumerable<int> r = new Range(1, 3);
        int pairs = 0;
        foreach (int x in r) foreach (int y in r) pairs += x * y;
        Check(pairs == 36, "independent enumerators");

        Console.WriteLine(failures == 0 ? "iterators ok" : "iterators FAILED");
        return failures == 0 ? 100 : 1;
    }
}
