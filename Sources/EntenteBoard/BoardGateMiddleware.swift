import EntenteActions
import EntenteForm
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Applies ``BoardGate`` to every request, and the headers that keep the pages to
/// themselves (no framing, no inline script, no referrer, no caching).
struct BoardGateMiddleware: RouterMiddleware {
    typealias Context = BoardRequestContext
    let server: BoardServer

    static let securityHeaders: HTTPFields = [
        .contentSecurityPolicy: "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        HTTPField.Name("X-Content-Type-Options")!: "nosniff",
        // Not no-referrer: with it, browsers send `Origin: null` on the board's own forms.
        HTTPField.Name("Referrer-Policy")!: "same-origin",
        HTTPField.Name("X-Frame-Options")!: "DENY",
    ]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var request = request, context = context
        let gate = BoardGate(access: self.server.access, port: self.server.port)
        var verdict = gate.check(
            host: request.head.authority ?? request.headers[HTTPField.Name("Host")!],
            queryToken: request.uri.queryParameters.get("token"),
            cookieToken: request.cookies[BoardAccess.tokenCookie]?.value,
            isPost: request.method == .post, origin: request.headers[HTTPField.Name("Origin")!],
            fetchSite: request.headers[HTTPField.Name("Sec-Fetch-Site")!])
        if verdict == .readForm {
            // Only now, with the token and the origin checked, is the body read and decoded.
            let body: ByteBuffer
            do {
                body = try await request.collectBody(upTo: BoardLimits.maximumFormBytes)
            } catch {
                return self.secured(self.refusal(.contentTooLarge, Phrase("This form is larger than the board accepts (\(BoardLimits.maximumFormBytes / 1024) KiB).",
                                                                          fr: "Ce formulaire dépasse la taille acceptée par le tableau (\(BoardLimits.maximumFormBytes / 1024) Kio)."), request))
            }
            do {
                let form = try BoardForm(FormBody(decoding: body.readableBytesView))
                context.form = form
                verdict = gate.checkForm(csrf: form[BoardAccess.csrfField])
            } catch {
                return self.secured(self.refusal(.badRequest, Self.explain(error), request))
            }
        }
        var response: Response
        switch verdict {
        case .refuse(let reason):
            response = self.refusal(.forbidden, Self.explain(reason), request)
        case .acceptToken:
            // Keep the token in a cookie and drop it from the address bar.
            var query = request.uri.queryParameters.filter { $0.key != "token" }.map { "\($0.key)=\($0.value)" }.joined(separator: "&")
            if !query.isEmpty { query = "?" + query }
            response = Response(status: .seeOther, headers: [.location: request.uri.path + query])
            response.setCookie(Cookie(name: BoardAccess.tokenCookie, value: self.server.access.token, path: "/", httpOnly: true, sameSite: .strict))
        case .allow:
            response = try await next(request, context)
        case .readForm:
            // Decided above: a POST never reaches here without its form checked.
            response = self.refusal(.forbidden, Self.explain(.missingCSRF), request)
        }
        return self.secured(response)
    }

    /// The headers every answer carries.
    func secured(_ response: Response) -> Response {
        var response = response
        for field in Self.securityHeaders { response.headers[field.name] = field.value }
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        return response
    }

    static func explain(_ error: FormBodyError) -> Phrase {
        switch error {
        case .badEncoding(let excerpt):
            Phrase("This form could not be read (badly encoded near “\(excerpt)”); reload the page and try again.",
                   fr: "Ce formulaire est illisible (mal encodé vers « \(excerpt) ») ; rechargez la page et réessayez.")
        case .tooManyFields(let limit):
            Phrase("This form has more than \(limit) fields; reload the page and try again.",
                   fr: "Ce formulaire a plus de \(limit) champs ; rechargez la page et réessayez.")
        }
    }

    static func explain(_ reason: BoardGate.Reason) -> Phrase {
        switch reason {
        case .wrongHost:
            Phrase("This board answers only at 127.0.0.1 or localhost, on its own port.", fr: "Ce tableau ne répond qu'à 127.0.0.1 ou localhost, sur son propre port.")
        case .missingToken:
            Phrase("Open the board with the address `entente board` printed (it carries a secret token).",
                   fr: "Ouvrez le tableau avec l'adresse affichée par `entente board` (elle contient un jeton secret).")
        case .crossSite:
            Phrase("A form from another site cannot act on this board.", fr: "Un formulaire d'un autre site ne peut pas agir sur ce tableau.")
        case .missingCSRF:
            Phrase("This form is out of date or did not come from the board; reload the page and try again.",
                   fr: "Ce formulaire est périmé ou ne vient pas du tableau ; rechargez la page et réessayez.")
        }
    }

    func refusal(_ status: HTTPResponse.Status, _ phrase: Phrase, _ request: Request) -> Response {
        let language = Language.preferred(acceptLanguage: request.headers[.acceptLanguage])
        return Response(status: status, headers: [.contentType: "text/plain; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(string: phrase.text(language) + "\n")))
    }
}
