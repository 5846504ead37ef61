// Generic collections from the framework over structs and references:
// List<T>, Dictionary<K,V> (struct keys, custom comparer), HashSet<T>,
// Queue<T>, Stack<T>, SortedDictionary, LinkedList; enumerators.
using System;
using System.Collections.Generic;

struct Key : IEquatable<Key>
{
    public int A; public int B;
    public Key(int a, int b) { A = a; B = b; }
    public bool Equals(Key o) { return A == o.A && B == o.B; }
    public override bool Equals(object o) { return o is Key && Equals((Key)o); }
    public override int GetHashCode() { return A * 31 + B; }
}

class CaseInsensitive : IEqualityComparer<string>
{
    public bool Equals(string x, string y) { return string.Equals(x.ToLowerInvariant(), y.ToLowerInvariant()); }
    public int GetHashCode(string s) { return s.ToLowerInvariant().Length; }
}

static class Collections
{
    static int failures;
    static void Check(bool ok, string what)
    {
        if (!ok) { failures++; Console.WriteLine("FAIL " + what); }
    }

    static int Main()
    {
        var list = new List<int>();
        for (int i = 0; i < 1000; i++) list.Add((i * 7919) % 1000);
        list.Sort();
        Check(list[0] == 0 && list[999] == 999 && list.Count == 1000, "list sort");
        list.RemoveAll(v => v % 2 == 1);
        Check(list.Count == 500 && list.IndexOf(998) == 499, "remove all");
        list.Insert(0, -5);
        list.Reverse();
        Check(list[list.Count - 1] == -5 && list.Contains(500) && !list.Contains(501), "insert/reverse/contains");

        var grid = new Dictionary<Key, string>();
        for (int a = 0; a < 30; a++)
            for (int b = 0; b < 30; b++)
                grid[new Key(a, b)] = a + "x" + b;
        Check(grid.Count == 900 && grid[new Key(17, 4)] == "17x4", "struct keys");
        grid.Remove(new Key(0, 0));
        Check(!grid.ContainsKey(new Key(0, 0)) && grid.Count == 899, "remove struct key");

        var ci = new Dictionary<string, int>(new CaseInsensitive());
        ci["Hello"] = 1;
        ci["HELLO"] = 2;
        ci["world"] = 3;
        Check(ci.Count == 2 && ci["hello"] == 2, "custom comparer");

        // Insertion order of a Dictionary without removals is deterministic.
        var order = new Dictionary<string, int>();
        foreach (string w in "the quick brown fox jumps over the lazy dog the end".Split(' '))
        {
            int n;
            order.TryGetValue(w, out n);
            order[w] = n + 1;
        }
        var words = new List<string>();
        foreach (KeyValuePair<string, int> kv in order) words.Add(kv.Key + kv.Value);
        Console.WriteLine(string.Join(" ", words));
        Check(order["the"] == 3 && order.Count == 9, "word counts");

        var set = new HashSet<int>();
        for (int i = 0; i < 100; i++) set.Add(i * i % 17);
        Check(set.Count == 9, "hash set of quadratic residues " + set.Count);
        var other = new HashSet<int> { 0, 1, 2, 3 };
        other.IntersectWith(set);
        Check(other.Count == 3 && !other.Contains(3), "intersect");

        var queue = new Queue<string>();
        var stack = new Stack<string>();
        foreach (string s in new[] { "a", "b", "c", "d" }) { queue.Enqueue(s); stack.Push(s); }
        string qs = "", ss = "";
        while (queue.Count > 0) qs += queue.Dequeue();
        while (stack.Count > 0) ss += stack.Pop();
        Check(qs == "abcd" && ss == "dcba", "queue and stack");

        var sorted = new SortedDictionary<int, string>();
        foreach (int k in new[] { 50, 10, 40, 20, 30 }) sorted[k] = "v" + k;
        string keys = "";
        foreach (int k in sorted.Keys) keys += k + ",";
        Check(keys == "10,20,30,40,50,", "sorted dictionary");

        var linked = new LinkedList<int>();
        for (int i = 0; i < 10; i++) { if (i % 2 == 0) linked.AddLast(i); else linked.AddFirst(i); }
        string ls = "";
        for (var node = linked.First; node != null; node = node.Next) ls += node.Value;
        Check(ls == "9753102468", "linked list " + ls);

        // Enumerator over a list of structs, modified copies.
        var keyList = new List<Key> { new Key(1, 2), new Key(3, 4) };
        int total = 0;
        foreach (Key k in keyList) total += k.A * k.B;
        Check(total == 14, "struct enumeration");
        Key first = keyList[0];
        first.A = 100;
        Check(keyList[0].A == 1, "list indexer returns a copy");

        // Modifying during enumeration throws.
        bool threw = false;
        try { foreach (int v in list) if (v == 0) list.Add(1); }
        catch (InvalidOperationException) { threw = true; }
        Check(threw, "enumerator version check");

        Console.WriteLine(failures == 0 ? "collections ok" : "collections FAILED");
        return failures == 0 ? 100 : 1;
    }
}
