/** Turkish phrases (project-written). Sources run on lowercased text; see PhraseSet for the macros. Suffixes stick to words. */
import type { Lexicon } from '../types.js';

const AI = '(?:yapay zek[aâ]|asistan|chatbot|sohbet botu|bot|dil modeli|model)';
const SECRET = '(?:sistem|gizli|saklı|orijinal|başlangıç|asıl|ilk)';
const PROMPT_OBJECT = `(?:sistem (?:istemini|istemi|promptunu|promptu|mesajını|talimatlarını|yönergelerini)|${SECRET} (?:talimatlarını|talimatlarınızı|yönergelerini|istemini|promptunu|komutlarını))`;

export const tr: Lexicon = {
  'instruction-override': {
    strong: [
      "(?:yapay zek[aâ]ya|yapay zek[aâ] için|asistana|dil modeline|yapay zek[aâ] asistanına) (?:not|mesaj|uyarı|önemli not)",
      "(?:yapay zek[aâ]ya|yapay zek[aâ] için|asistana|dil modeline|yapay zek[aâ] asistanına) (?:talimat)\\s{0,2}[:：,，、]",
      "(?:eğer )?(?:bir )?(?:yapay zek[aâ]|dil modeli|yapay zek[aâ] asistanı)(?:ysan|ysanız|ysen| isen| iseniz|san|sanız)(?![a-zçğıöşü])",
      "(?:bunu|bu metni|bu belgeyi|bu sayfayı|bu e-postayı) (?:okuyan|işleyen|özetleyen) (?:yapay zek[aâ]|asistan|dil modeli|model)",
      'yeni (?:talimatlar|talimat|yönergeler|kurallar) ?:',
      '(?:önceki|eski|tüm|bütün) (?:talimatlar|kurallar|yönergeler)(?:ın)? (?:artık )?(?:geçersiz|iptal edildi|geçerli değil)',
    ],
    weak: ['(?:bundan sonra|şu andan itibaren|artık),? (?:sen|siz) '],
  },
  'system-prompt-extraction': {
    strong: [
      `${PROMPT_OBJECT} %2(?:göster|gösterin|yaz|yazın|yazdır|tekrarla|tekrarlayın|açıkla|paylaş|söyle|ver|ifşa et|listele|kelimesi kelimesine)`,
      '(?:sistem istemin|sistem promptun|gizli talimatların|orijinal talimatların)(?:iz)? (?:ne|neler|nedir)',
      // Opening the text: nothing is above it but the system prompt.
      '^\\s{0,4}(?:lütfen )?yukarıdaki (?:metni|yazıyı) (?:tekrarla|aynen yaz)',
    ],
    weak: ['yukarıdaki (?:metni|yazıyı) (?:tekrarla|aynen yaz)'],
  },
  persona: {
    strong: [
      `artık (?:bir )?${AI} değilsin`,
      "(?:sen|siz) (?:artık |bundan sonra )?(?:dan|stan|dude|aim)(?:'?s[ıi]n(?:[ıi]z)?)",
      'jailbreak mod\\S{0,5}',
      `(?:hiçbir|herhangi bir) (?:kuralı|kısıtlaması|sınırı|filtresi|sansürü) (?:olmayan|bulunmayan) (?:bir )?${AI}`,
      `(?:kuralsız|sansürsüz|kısıtlamasız|sınırsız|filtresiz) (?:bir )?${AI}`,
    ],
    weak: ['(?:rolünde|karakterde) kal', 'karakterden çıkma'],
  },
  'refusal-suppression': {
    strong: [
      'güvenlik (?:kuralların\\S{0,4}|kurallarını|filtreleri\\S{0,3}|filtrelerin\\S{0,3}|kısıtlamaların\\S{0,3}|yönergelerin\\S{0,3}) (?:devre dışı bırak|kapat|atla|yok say|görmezden gel|kaldır)','(?:asla|hiçbir zaman|hiçbir şekilde) reddetme', '(?:etik|ahlaki) (?:kısıtlama|sınır|kural)\\S{0,5} (?:olmadan|yok)'],
    weak: ['(?:uyarı|sorumluluk reddi) (?:ekleme|yazma)'],
  },
};
