; 107 bytes, alignment 16, prolog 4 bytes, frame register Some((5, 0))
; unwind PushNonVolatile { code_offset: 1, reg: 5 }
; unwind SetFramePointer { code_offset: 4 }
; gc: code length 107, stack base Some(5), return Scalar, safepoints [48, 69, 75, 93, 104], interruptible [], slots 0
; debug bounds: 0x0=IL-2 0x4=IL0 0xc=IL15 0x3d=IL20 0x46=IL25 0x58=IL30 0x5e=IL35 0x69=IL41
  0000  push    rbp
  0001  mov     rbp,rsp
  0004  mov     eax,0xC8
  0009  mov     rsi,rax
  000c  mov     rax,0xFFFFFFFFFFFFFFFF
  0013  movsxd  rax,eax
  0016  mov     rdi,rax
  0019  mov     r11,rdi
  001c  mov     rdi,rsi
  001f  mov     rsi,r11
  0022  mov     edx,5
  0027  movsx   edi,dil
  002b  call    qword ptr [0x31]    ; Rel32 method-call cell [14 02]
  0031  mov     r8,rax
  0034  mov     rax,r8
  0037  movzx   eax,ax
  003a  mov     rsi,rax
  003d  mov     rdi,rsi
  0040  call    qword ptr [0x46]    ; Rel32 method-call cell [15 0c]
  0046  call    qword ptr [0x4C]    ; Rel32 method-call cell [14 03]
  004c  mov     rsi,rax
  004f  mov     rax,rsi
  0052  movzx   eax,al
  0055  mov     rdi,rax
  0058  call    qword ptr [0x5E]    ; Rel32 method-call cell [15 0c]
  005e  mov     edi,7
  0063  call    qword ptr [0x69]    ; Rel32 method-call cell [15 0c]
  0069  pop     rbp
  006a  ret
