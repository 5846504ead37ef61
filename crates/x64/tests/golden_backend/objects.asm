; 252 bytes, alignment 16, prolog 13 bytes, frame register Some((5, 0))
; unwind PushNonVolatile { code_offset: 1, reg: 5 }
; unwind SetFramePointer { code_offset: 4 }
; unwind PushNonVolatile { code_offset: 5, reg: 3 }
; unwind PushNonVolatile { code_offset: 7, reg: 12 }
; unwind PushNonVolatile { code_offset: 9, reg: 13 }
; unwind Alloc { code_offset: 13, size: 8 }
; gc: code length 252, stack base Some(5), return Object, safepoints [119, 135, 170, 186, 250], interruptible [], slots 2
; debug bounds: 0x0=IL-2
  0000  push    rbp
  0001  mov     rbp,rsp
  0004  push    rbx
  0005  push    r12
  0007  push    r13
  0009  sub     rsp,8
  000d  mov     rbx,rdi
  0010  mov     r12,rsi
  0013  mov     rsi,rdx
  0016  test    r12,r12
  0019  je      0xF5
  001f  movzx   edi,byte ptr [r12+8]
  0025  movzx   edi,word ptr [r12+0xA]
  002b  mov     edi,[r12+0xC]
  0030  mov     rdi,[r12+0x10]
  0035  mov     rcx,rsi
  0038  mov     [r12+0x18],ecx
  003d  mov     rax,r12
  0040  mov     rsi,rbx
  0043  lea     rdi,[rax+0x20]
  0047  call    qword ptr [0x4D]    ; Rel32 eager cell [1a 30]
  004d  mov     ecx,0
  0052  mov     [r12+0x28],rcx
  0057  mov     rax,[0x5E]    ; Rel32 string cell [1b 01]
  005e  mov     rax,[rax]
  0061  mov     rsi,rax
  0064  cmp     rbx,rsi
  0067  sete    dil
  006b  movzx   edi,dil
  006f  mov     rdi,rbx
  0072  call    qword ptr [0x78]    ; Rel32 method-call cell [14 02]
  0078  mov     rsi,rax
  007b  mov     rdi,[0x82]    ; Rel32 lazy cell [10 12 14]
  0082  call    qword ptr [0x88]    ; Rel32 eager cell [1a 60]
  0088  mov     r13,rax
  008b  mov     rax,r12
  008e  mov     rsi,r13
  0091  lea     rdi,[rax+0x30]
  0095  call    qword ptr [0x9B]    ; Rel32 eager cell [1a 30]
  009b  mov     rsi,r13
  009e  mov     rdi,[0xA5]    ; Rel32 lazy cell [10 12 0d]
  00a5  call    qword ptr [0xAB]    ; Rel32 eager cell [1a 62]
  00ab  mov     rsi,rax
  00ae  mov     rdi,[0xB5]    ; Rel32 lazy cell [10 12 14]
  00b5  call    qword ptr [0xBB]    ; Rel32 eager cell [1a 63]
  00bb  mov     rdi,rax
  00be  mov     rax,r12
  00c1  mov     rsi,rdi
  00c4  lea     rdi,[rax+0x38]
  00c8  call    qword ptr [0xCE]    ; Rel32 eager cell [1a 30]
  00ce  mov     r12,[r12+0x20]
  00d3  cmp     r12,0
  00d7  je      short 0xE7
  00d9  mov     rax,r12
  00dc  add     rsp,8
  00e0  pop     r13
  00e2  pop     r12
  00e4  pop     rbx
  00e5  pop     rbp
  00e6  ret
  00e7  mov     rax,rbx
  00ea  add     rsp,8
  00ee  pop     r13
  00f0  pop     r12
  00f2  pop     rbx
  00f3  pop     rbp
  00f4  ret
  00f5  call    qword ptr [0xFB]    ; Rel32 eager cell [1a 25]
  00fb  int3
