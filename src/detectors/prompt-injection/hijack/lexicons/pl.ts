/** Polish hijack vocabulary (project-written). Word order is free: the object may precede the verb. */
import type { HijackLexicon } from '../lexicon-shape.js';

export const pl: HijackLexicon = {
  order: 'both',
  verbs: ['zignoruj', 'zignorujcie', 'ignoruj', 'ignorujcie', 'ignorować', 'zignorować', 'zapomnij', 'zapomnijcie', 'zapomnieć', 'nie zwracaj uwagi na', 'nie bierz pod uwagę', 'odrzuć', 'odrzućcie', 'nie stosuj się do', 'nie przestrzegaj', 'zlekceważ', 'lekceważ', 'porzuć'],
  weakVerbs: ['pomiń', 'pomin', 'pomińcie', 'obejdź', 'anuluj', 'usuń', 'nadpisz', 'skasuj'],
  fillers: ['i', 'lub', 'oraz', 'a', 'potem', 'teraz', 'po prostu', 'tylko', 'ten', 'ta', 'to', 'te', 'tego', 'tej', 'tych', 'mi', 'ci', 'co', 'że', 'na', 'o', 'do', 'z', 'proszę', 'zamiast tego', 'które', 'który', 'całkowicie', 'następujące', 'moje', 'moich', 'zostało', 'zostały'],
  prior: ['poprzedni*', 'wcześniejsz*', 'powyższ*', 'powyżej', 'wcześniej', 'oryginaln*', 'początkow*', 'pierwotn*', 'systemow*', 'wszystkie', 'wszystkich', 'twoje', 'twoich', 'twój', 'twoja', 'wasze', 'waszych', 'swoje', 'swoich', 'do tej pory', 'dotychczas', 'dotychczasow*', 'dawne', 'stare'],
  quants: ['wszystko', 'wszystko co', 'wszystkie', 'wszystkich'],
  instructions: ['instrukcj*', 'polece*', 'zasad*', 'reguł*', 'wytyczn*', 'rozkaz*', 'komend*', 'prompt*', 'ograniczeni*', 'zadani*', 'dyrektyw*', 'zalece*'],
  strong: ['prompt systemowy', 'promptu systemowego', 'komunikat systemowy', 'instrukcje systemowe', 'instrukcji systemowych', 'ci powiedziano', 'wam powiedziano', 'ci kazano', 'ci przekazano', 'ci dano', 'zostało ci powiedziane', 'cię nauczono'],
  data: ['dokument*', 'tekst*', 'treść', 'treści', 'artykuł*', 'stron*', 'witryn*', 'e-mail*', 'email*', 'mail*', 'wiadomoś*', 'list', 'listu', 'funkcj*', 'kod', 'kodu', 'skrypt*', 'program', 'programu', 'plik*', 'cv', 'życiorys*', 'recenzj*', 'komentarz*', 'akapit*', 'tabel*', 'dane', 'danych', 'wejście', 'kontekst*', 'pytani*'],
  directives: ['powiedz', 'powiedzcie', 'napisz', 'napiszcie', 'odpowiedz', 'odpowiedzcie', 'odpowiadaj', 'wypisz', 'wyświetl', 'wydrukuj', 'stwierdź', 'oświadcz', 'zadeklaruj', 'podaj', 'pokaż', 'ogłoś'],
  cues: ['notatka dla ai', 'wiadomość dla ai', 'uwaga dla ai', 'drogi ai', 'droga si', 'jeśli jesteś ai', 'jeśli jesteś modelem językowym', 'instrukcje dla ai', 'dla asystenta ai'],
  actions: ['wywołaj', 'uruchom', 'wykonaj', 'użyj', 'wyślij', 'prześlij', 'przekaż', 'otwórz', 'odwiedź', 'kliknij', 'dodaj', 'dołącz', 'wstaw', 'usuń', 'udostępnij', 'zatwierdź', 'poleć', 'poproś', 'przetłumacz', 'streść'],
  tags: ['system', 'admin', 'administrator', 'deweloper'],
  outputs: ['twoj* odpowied*', 'swoj* odpowied*', 'wasz* odpowied*'],
  edits: ['dodaj', 'dołącz', 'wstaw', 'umieść', 'wspomnij', 'zmień', 'przetłumacz', 'zastąp', 'powtórz', 'zacznij', 'zakończ', 'użyj', 'zakoduj', 'napisz'],
  leads: ['musisz', 'i', 'potem', 'twoim zadaniem jest'],
  negations: ['nie', 'nigdy', 'żadnych', 'żadnego', 'nic'],
  vocatives: ['ai', 'si', 'asystent', 'asystencie', 'chatbot', 'bot', 'model językowy'],
};
