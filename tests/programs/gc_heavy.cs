// GC-heavy: many short-lived allocations, long linked structures, trees,
// arrays of references, large objects, forced collections between phases and
// full verification afterwards. Correct only if every live reference is
// reported to the GC (and updated when objects move).
using System;
using System.Collections.Generic;

class TreeNode
{
    public TreeNode Left, Right;
    public int Value;
    public string Tag;
    public TreeNode(int v) { Value = v; Tag = "n" + v; }
}

class ListNode
{
    public ListNode Next;
    public long Payload;
    public int[] Extra;
}

struct RefHolder
{
    public object A;
    public string B;
    public int C;
}

static class GcHeavy
{
    static int failures;
    static void Check(bool ok, string what)
    {
        if (!ok) { failures++; Console.WriteLine("FAIL " + what); }
    }

    static TreeNode Insert(TreeNode root, int v)
    {
        if (root == null) return new TreeNode(v);
        if (v < root.Value) root.Left = Insert(root.Left, v);
        else root.Right = Insert(root.Right, v);
        return root;
    }

    static void InOrder(TreeNode n, List<int> into)
    {
        if (n == null) return;
        InOrder(n.Left, into);
        into.Add(n.Value);
        InOrder(n.Right, into);
    }

    static int Height(TreeNode n) { return n == null ? 0 : 1 + Math.Max(Height(n.Left), Height(n.Right)); }

    static TreeNode Build(int depth)
    {
        if (depth == 0) return null;
        var n = new TreeNode(depth);
        n.Left = Build(depth - 1);
        n.Right = Build(depth - 1);
        return n;
    }

    static int Count(TreeNode n) { return n == null ? 0 : 1 + Count(n.Left) + Count(n.Right); }

    static string Garbage(int i)
    {
        // Allocates several temporaries that die immediately.
        var parts = new List<string>();
        for (int k = 0; k < 5; k++) parts.Add((i * k).ToString());
        return string.Join("-", parts.ToArray());
    }

    static int Main()
    {
        // Phase 1: a long list kept alive across collections.
        ListNode head = null;
        for (int i = 0; i < 200000; i++)
        {
            var n = new ListNode { Next = head, Payload = (long)i * i };
            if (i % 1000 == 0) n.Extra = new int[i / 1000 + 1];
            head = n;
            if (i % 50000 == 0) GC.Collect();
        }
        GC.Collect();
        long sum = 0; int count = 0, extras = 0;
        for (var n = head; n != null; n = n.Next)
        {
            sum += n.Payload;
            count++;
            if (n.Extra != null) { extras += n.Extra.Length; }
        }
        Check(count == 200000 && sum == 2666646666700000L, "list survived " + count + " " + sum);
        Check(extras == 200 * 201 / 2, "extras " + extras);

        // Phase 2: a binary search tree built from a pseudo-random sequence
        // while lots of garbage is produced.
        TreeNode root = null;
        uint x = 12345;
        var inserted = new HashSet<int>();
        long garbageLength = 0;
        for (int i = 0; i < 20000; i++)
        {
            x ^= x << 13; x ^= x >> 17; x ^= x << 5;
            int v = (int)(x % 1000000);
            if (inserted.Add(v)) root = Insert(root, v);
            garbageLength += Garbage(i).Length;
            if (i % 5000 == 4999) GC.Collect(1);
        }
        GC.Collect();
        var sorted = new List<int>();
        InOrder(root, sorted);
        bool ordered = true;
        for (int i = 1; i < sorted.Count; i++) if (sorted[i - 1] >= sorted[i]) ordered = false;
        Check(ordered && sorted.Count == inserted.Count, "bst intact " + sorted.Count);
        Check(Height(root) < 60, "bst height " + Height(root));
        Console.WriteLine("bst " + sorted.Count + " garbage " + garbageLength);

        // Phase 3: complete trees replaced repeatedly; only the last survives.
        TreeNode keep = null;
        for (int round = 0; round < 20; round++)
        {
            keep = Build(14);
            if (round % 5 == 0) GC.Collect();
        }
        GC.Collect();
        Check(Count(keep) == (1 << 14) - 1 && keep.Tag == "n14" && keep.Left.Left.Tag == "n12", "complete tree");

        // Phase 4: arrays of references and structs holding references.
        var holders = new RefHolder[5000];
        for (int i = 0; i < holders.Length; i++)
        {
            holders[i].A = i % 3 == 0 ? (object)new int[] { i } : (object)("s" + i);
            holders[i].B = new string('b', i % 10);
            holders[i].C = i;
        }
        var refs = new object[10000];
        for (int i = 0; i < refs.Length; i++) refs[i] = new byte[i % 100 + 1];
        GC.Collect();
        for (int i = 0; i < refs.Length; i += 2) refs[i] = null;
        GC.Collect();
        int okHolders = 0;
        for (int i = 0; i < holders.Length; i++)
        {
            bool good = holders[i].C == i && holders[i].B.Length == i % 10;
            if (i % 3 == 0) good &= ((int[])holders[i].A)[0] == i;
            else good &= (string)holders[i].A == "s" + i;
            if (good) okHolders++;
        }
        int okRefs = 0;
        for (int i = 1; i < refs.Length; i += 2) if (((byte[])refs[i]).Length == i % 100 + 1) okRefs++;
        Check(okHolders == holders.Length && okRefs == refs.Length / 2, "struct refs " + okHolders + " " + okRefs);

        // Phase 5: large objects (LOH) and a dictionary of lists.
        var large = new List<long[]>();
        for (int i = 0; i < 20; i++)
        {
            var arr = new long[20000];
            for (int j = 0; j < arr.Length; j += 1000) arr[j] = i * j;
            large.Add(arr);
        }
        var dict = new Dictionary<int, List<string>>();
        for (int i = 0; i < 30000; i++)
        {
            List<string> l;
            if (!dict.TryGetValue(i % 97, out l)) { l = new List<string>(); dict[i % 97] = l; }
            l.Add(i.ToString());
        }
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Check(large[19][19000] == 19 * 19000 && large[7][1000] == 7000, "large objects");
        int totalStrings = 0;
        foreach (var kv in dict) totalStrings += kv.Value.Count;
        Check(totalStrings == 30000 && dict[5][3] == "296", "dictionary of lists");

        Check(GC.CollectionCount(0) > 0, "collections happened");
        Console.WriteLine(failures == 0 ? "gc_heavy ok" : "gc_heavy FAILED");
        return failures == 0 ? 100 : 1;
    }
}
