/**
 * Cue vocabulary beyond the Latin-script languages of cues.ts (project-written; lowercase, as normalize.ts
 * leaves it). Without it no sentence in these languages ever raised a cue, and the cues are the indirect
 * set's strongest features, so injected instructions in them were scored on n-grams alone (docs/benchmarks.md).
 * Space-delimited languages (ru ar hi tr vi ko) list whole words; Chinese and Japanese write a clause as
 * one run, so they match at the start of a run (zh: imperative first) or at its end (ja, ko: verb-final).
 */

/** Imperative verbs that open a sentence (ru, ar, vi: the verb comes first). */
export const VERBS_MORE =
  'игнорируй игнорируйте забудь забудьте выведи выведите покажи покажите ответь ответьте отвечай отвечайте напиши напишите добавь добавьте вызови вызовите перешли перешлите отправь отправьте пришли пришлите повтори повторите раскрой раскройте сообщи сообщите скажи скажите переведи переведите используй используйте прекрати прекратите включи включите ' +
  'تجاهل تجاهلي اطبع أجب اكتب أضف اعرض أرسل استدع استدعِ أعد انس انسَ أظهر كرر قل أخبر أخبرني توقف ترجم ' +
  'hãy đừng bỏ quên trả gửi gọi thêm viết nói lặp hiển tiết chép dừng chuyển';

/** Sentence-final imperative forms (tr, hi, ko: the verb comes last). */
export const FINAL_VERBS =
  'yanıtla yanıtlayın cevapla cevaplayın ver verin yaz yazın yazdır yazdırın göster gösterin söyle söyleyin gönder gönderin ilet iletin çağır çağırın unut unutun ekle ekleyin say sayın et edin tekrarla tekrarlayın bırak bırakın bahsetme etme ' +
  'करो करें कीजिए दो दें दीजिए देना दिखाओ दिखाएँ बताओ बताएँ छापो लिखो लिखें भेजो भेजें जाओ करना चलाओ जोड़ो रखो सुनाओ ' +
  '무시하세요 무시해 무시해라 답하세요 답해 출력하세요 출력해 보여줘 보여주세요 알려줘 알려주세요 말해 말하세요 보내 보내세요 보내라 전달하세요 호출하세요 마세요 마라 해라 하라';

export const OPENERS_MORE = 'пожалуйста теперь сейчас также важно внимание الآن رجاء أيها lütfen şimdi ayrıca कृपया अब 지금 이제 부디';

export const YOU_MORE =
  'ты твой твоя твоё твои твою тебе тебя вы ваш ваша ваши вам вас أنت انت لك bạn sen sana seni senin siz size sizin तुम तुम्हें तुम्हारा तुम्हारे आप आपका आपके 당신 당신의 너 너는 네가 너의';

export const ANSWER_MORE = 'ответ ответе ответа ответы резюме الإجابة إجابتك الرد ردك yanıt yanıtı yanıtını cevap cevabını उत्तर जवाब 답변 대답';

export const AI_MORE = 'ии ассистент ассистенту ассистента модель бот المساعد مساعد الذكاء asistan asistana zekâ zeka सहायक trợ 어시스턴트 어시스턴트에게 인공지능';

export const USER_MORE = 'пользователь пользователя пользователю المستخدم kullanıcı kullanıcıya kullanıcının उपयोगकर्ता dùng 사용자 사용자가 사용자에게';

export const QUESTION_MORE = 'что как кто почему когда где какой ما ماذا كيف لماذا متى أين هل ne nasıl kim neden nerede hangi क्या कैसे कौन क्यों कब कहाँ 무엇 어떻게 왜 언제 어디';

/** Chinese and Japanese run openings that make the clause an imperative ("忽略…", "请…"). */
export const RUN_PREFIX_VERBS = '忽略 忘记 无视 不要 别 请 输出 打印 显示 回答 回复 告诉 发送 转发 调用 添加 附加 把 立即 立刻 重复 停止 翻译 使用 写 列出';

/** Japanese and Korean run endings that make the clause an imperative ("…してください", "…하세요"). */
export const RUN_SUFFIX_FINALS = 'ください なさい せよ しろ ないで 세요 십시오 해라 하라 마라 해줘 주세요';

/** Single characters that mark the second person inside an unsegmented Chinese clause. */
export const SECOND_CHARS = '你您';
